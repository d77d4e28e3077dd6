package dev.llmsuite.llamacpp;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/** The C types of llama.h on x86-64 Linux, and reading what C hands back. */
final class C {

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong INT64 = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    static final ValueLayout.OfBoolean BOOL = ValueLayout.JAVA_BOOLEAN;
    static final ValueLayout.OfByte INT8 = ValueLayout.JAVA_BYTE;
    static final AddressLayout POINTER = ValueLayout.ADDRESS;

    private C() {
    }

    /** A NUL-terminated string that C owns; empty for NULL. */
    static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Where a named field of a struct starts. */
    static long offset(StructLayout struct, String field) {
        return struct.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /**
     * Guards against a header/binary mismatch: the sizes are those a C compiler gives for
     * include/llama.h of this build.
     */
    static StructLayout checked(StructLayout struct, long expectedBytes) {
        if (struct.byteSize() != expectedBytes) {
            throw new IllegalStateException(struct.name().orElse("struct") + " is " + struct.byteSize() + " bytes here, "
                    + expectedBytes + " in llama.h");
        }
        return struct;
    }
}
