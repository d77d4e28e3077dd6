package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * llama.cpp's and ggml's log lines: errors go to the {@link System.Logger} named {@code llama.cpp}
 * at ERROR, warnings at DEBUG (hidden unless that logger is turned up: every synthetic model draws
 * warnings about optional tokenizer ids it lacks), everything else is dropped (loading one model
 * prints hundreds of lines). The last error line is kept, to explain a call that failed with
 * nothing but a NULL.
 */
final class NativeLog {

    private static final System.Logger LOGGER = System.getLogger("llama.cpp");
    private static final int WARN = 3;
    private static final int ERROR = 4;
    /** A line that continues the previous one, at its level. */
    private static final int CONTINUATION = 5;

    private static volatile int previousLevel;
    private static volatile String lastError = "";

    private NativeLog() {
    }

    static void install(LlamaCppLibrary library) {
        MethodHandle receive;
        try {
            receive = MethodHandles.lookup().findStatic(NativeLog.class, "receive",
                    MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        MemorySegment callback = Linker.nativeLinker().upcallStub(receive,
                FunctionDescriptor.ofVoid(C.INT, C.POINTER, C.POINTER), Arena.global());
        LlamaCppLibrary.invoke(library.function("llama_log_set", FunctionDescriptor.ofVoid(C.POINTER, C.POINTER)),
                callback, MemorySegment.NULL);
    }

    /** Called by native code, possibly on ggml's worker threads: it must never throw. */
    private static void receive(int level, MemorySegment text, MemorySegment userData) {
        try {
            int effective = level == CONTINUATION ? previousLevel : level;
            previousLevel = effective;
            if (effective >= WARN) {
                String line = C.string(text).strip();
                if (effective == ERROR) {
                    lastError = line;
                }
                LOGGER.log(effective == ERROR ? System.Logger.Level.ERROR : System.Logger.Level.DEBUG, line);
            }
        } catch (Throwable ignored) {
            // An exception cannot cross back into C; losing one log line is the lesser harm.
        }
    }

    /** The last error llama.cpp logged, for exception messages (empty when there was none). */
    static String lastError() {
        return lastError.isEmpty() ? "" : " (llama.cpp said: " + lastError + ")";
    }
}
