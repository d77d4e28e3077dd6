package dev.llmsuite.transformer.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Memory for weights repacked at load ({@link F32Matrix}, {@link Q8Matrix}, {@link KQuantMatrix}):
 * pages mapped from the operating system, released when the segment is no longer reachable.
 *
 * <p>Why not an arena: an arena's allocations count against the JVM's direct-memory limit, which
 * defaults to the maximum heap size. A repacked model is as large as its file, so that limit,
 * not the machine's memory, would decide which models load (a 5 GB model under a 4 GB default
 * heap would not). Anonymous mappings are outside it. They are also asked for transparent huge
 * pages: a decoded token streams through every weight, and 2 MB pages spare the walks through
 * the page tables that 4 KB pages cost. A mapping smaller than 2 MB gets none, so the small
 * matrices of a small model stay on 4 KB pages; carving all matrices out of large aligned mappings
 * put them on huge pages with no measurable gain (README, 2026-12-08 late morning), so each matrix
 * keeps a mapping of its own, freed with it. Where the C library has no {@code mmap} (not Linux),
 * an arena it is.
 */
final class WeightMemory {

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            mmap = libc.find("mmap").map(address -> linker.downcallHandle(address, FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG))).orElse(null);
            munmap = libc.find("munmap").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG))).orElse(null);
            madvise = libc.find("madvise").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT))).orElse(null);
        }
        boolean complete = mmap != null && munmap != null && madvise != null;
        MMAP = complete ? mmap : null;
        MUNMAP = complete ? munmap : null;
        MADVISE = complete ? madvise : null;
    }

    private WeightMemory() {
    }

    /** {@code bytes} of zeroed memory, aligned to at least 64 bytes. */
    static MemorySegment allocate(long bytes) {
        if (MMAP == null || bytes == 0) {
            return Arena.ofAuto().allocate(Math.max(1, bytes), 64);
        }
        try {
            MemorySegment pages = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (pages.address() == MAP_FAILED) {
                throw new OutOfMemoryError("The operating system refused " + bytes + " bytes for repacked weights");
            }
            // Fails harmlessly where transparent huge pages are switched off.
            int advised = (int) MADVISE.invokeExact(pages, bytes, MADV_HUGEPAGE);
            long address = pages.address();
            return pages.reinterpret(bytes, Arena.ofAuto(), unreachable -> unmap(address, bytes));
        } catch (OutOfMemoryError | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Could not map memory for repacked weights", e);
        }
    }

    private static void unmap(long address, long bytes) {
        try {
            int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable e) {
            throw new IllegalStateException("Could not unmap repacked weights", e);
        }
    }
}
