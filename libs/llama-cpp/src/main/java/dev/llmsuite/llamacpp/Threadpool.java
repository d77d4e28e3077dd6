package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * A ggml thread pool that lives as long as its context, as llama-bench keeps one: without it ggml
 * would start and join its worker threads for every {@code llama_decode}.
 */
final class Threadpool implements AutoCloseable {

    /** {@code struct ggml_threadpool_params}: a CPU mask of GGML_MAX_N_THREADS (512) flags, then the settings. */
    private static final StructLayout PARAMS = C.checked(MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(512, C.BOOL).withName("cpumask"),
            C.INT.withName("n_threads"),
            C.INT.withName("prio"),
            C.INT.withName("poll"),
            C.BOOL.withName("strict_cpu"),
            C.BOOL.withName("paused"),
            MemoryLayout.paddingLayout(2)).withName("ggml_threadpool_params"), 528);

    private static final MethodHandle DEFAULT_PARAMS = LlamaCppLibrary.load()
            .function("ggml_threadpool_params_default", FunctionDescriptor.of(PARAMS, C.INT));
    private static final MethodHandle NEW = LlamaCppLibrary.load()
            .cpuBackendFunction("ggml_threadpool_new", FunctionDescriptor.of(C.POINTER, C.POINTER));
    private static final MethodHandle FREE = LlamaCppLibrary.load()
            .cpuBackendFunction("ggml_threadpool_free", FunctionDescriptor.ofVoid(C.POINTER));

    final MemorySegment pointer;

    /** ggml's defaults for the rest (normal priority, workers poll a while before they sleep), as in llama-bench. */
    Threadpool(int threads) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) LlamaCppLibrary.invoke(DEFAULT_PARAMS, (SegmentAllocator) arena, threads);
            this.pointer = (MemorySegment) LlamaCppLibrary.invoke(NEW, params);
        }
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("ggml could not start a thread pool of " + threads + " threads" + NativeLog.lastError());
        }
    }

    @Override
    public void close() {
        LlamaCppLibrary.invoke(FREE, pointer);
    }
}
