package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code struct llama_model_params} of this build's llama.h. The library's own defaults are taken
 * from {@code llama_model_default_params()}; only the fields below are changed.
 */
final class ModelParams {

    static final StructLayout LAYOUT = C.checked(MemoryLayout.structLayout(
            C.POINTER.withName("devices"),
            C.POINTER.withName("tensor_buft_overrides"),
            C.INT.withName("n_gpu_layers"),
            C.INT.withName("split_mode"),
            C.INT.withName("load_mode"),
            C.INT.withName("lazy_mode"),
            C.INT.withName("main_gpu"),
            MemoryLayout.paddingLayout(4),
            C.POINTER.withName("tensor_split"),
            C.POINTER.withName("progress_callback"),
            C.POINTER.withName("progress_callback_user_data"),
            C.POINTER.withName("kv_overrides"),
            C.BOOL.withName("vocab_only"),
            C.BOOL.withName("check_tensors"),
            C.BOOL.withName("use_extra_bufts"),
            C.BOOL.withName("no_host"),
            C.BOOL.withName("no_alloc"),
            C.BOOL.withName("load_mtp"),
            MemoryLayout.paddingLayout(2)).withName("llama_model_params"), 80);

    static final long N_GPU_LAYERS = C.offset(LAYOUT, "n_gpu_layers");
    static final long LOAD_MODE = C.offset(LAYOUT, "load_mode");
    /** Extra buffer types: where the CPU backend keeps weights repacked into its interleaved layouts. */
    static final long USE_EXTRA_BUFTS = C.offset(LAYOUT, "use_extra_bufts");

    static final int LOAD_MODE_MMAP = 1;

    private static final MethodHandle DEFAULTS = LlamaCppLibrary.load()
            .function("llama_model_default_params", FunctionDescriptor.of(LAYOUT));

    private ModelParams() {
    }

    /** CPU only, memory-mapped, repacking as asked. */
    static MemorySegment forCpu(Arena arena, boolean repack) {
        MemorySegment params = (MemorySegment) LlamaCppLibrary.invoke(DEFAULTS, (SegmentAllocator) arena);
        params.set(C.INT, N_GPU_LAYERS, 0);
        params.set(C.INT, LOAD_MODE, LOAD_MODE_MMAP);
        params.set(C.BOOL, USE_EXTRA_BUFTS, repack);
        return params;
    }
}
