package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code struct llama_context_params} of this build's llama.h. The library's own defaults are taken
 * from {@code llama_context_default_params()}; {@link ContextOptions} says which fields change.
 */
final class ContextParams {

    static final StructLayout LAYOUT = C.checked(MemoryLayout.structLayout(
            C.INT.withName("n_ctx"),
            C.INT.withName("n_batch"),
            C.INT.withName("n_ubatch"),
            C.INT.withName("n_seq_max"),
            C.INT.withName("n_rs_seq"),
            C.INT.withName("n_outputs_max"),
            C.INT.withName("n_outputs_max_per_seq"),
            C.INT.withName("n_threads"),
            C.INT.withName("n_threads_batch"),
            C.INT.withName("ctx_type"),
            C.INT.withName("rope_scaling_type"),
            C.INT.withName("pooling_type"),
            C.INT.withName("attention_type"),
            C.INT.withName("flash_attn_type"),
            C.FLOAT.withName("rope_freq_base"),
            C.FLOAT.withName("rope_freq_scale"),
            C.FLOAT.withName("yarn_ext_factor"),
            C.FLOAT.withName("yarn_attn_factor"),
            C.FLOAT.withName("yarn_beta_fast"),
            C.FLOAT.withName("yarn_beta_slow"),
            C.INT.withName("yarn_orig_ctx"),
            C.FLOAT.withName("defrag_thold"),
            C.POINTER.withName("cb_eval"),
            C.POINTER.withName("cb_eval_user_data"),
            C.INT.withName("type_k"),
            C.INT.withName("type_v"),
            C.POINTER.withName("abort_callback"),
            C.POINTER.withName("abort_callback_data"),
            C.BOOL.withName("embeddings"),
            C.BOOL.withName("offload_kqv"),
            C.BOOL.withName("no_perf"),
            C.BOOL.withName("op_offload"),
            C.BOOL.withName("swa_full"),
            C.BOOL.withName("kv_unified"),
            MemoryLayout.paddingLayout(2),
            C.POINTER.withName("samplers"),
            C.INT64.withName("n_samplers"),
            C.POINTER.withName("ctx_other")).withName("llama_context_params"), 160);

    static final long N_CTX = C.offset(LAYOUT, "n_ctx");
    static final long N_BATCH = C.offset(LAYOUT, "n_batch");
    static final long N_UBATCH = C.offset(LAYOUT, "n_ubatch");
    static final long N_SEQ_MAX = C.offset(LAYOUT, "n_seq_max");
    static final long N_THREADS = C.offset(LAYOUT, "n_threads");
    static final long N_THREADS_BATCH = C.offset(LAYOUT, "n_threads_batch");
    static final long FLASH_ATTN_TYPE = C.offset(LAYOUT, "flash_attn_type");
    static final long TYPE_K = C.offset(LAYOUT, "type_k");
    static final long TYPE_V = C.offset(LAYOUT, "type_v");

    private static final MethodHandle DEFAULTS = LlamaCppLibrary.load()
            .function("llama_context_default_params", FunctionDescriptor.of(LAYOUT));

    private ContextParams() {
    }

    static MemorySegment defaults(Arena arena) {
        return (MemorySegment) LlamaCppLibrary.invoke(DEFAULTS, (SegmentAllocator) arena);
    }

    static MemorySegment of(Arena arena, ContextOptions options) {
        MemorySegment params = defaults(arena);
        params.set(C.INT, N_CTX, options.contextLength());
        params.set(C.INT, N_BATCH, options.batchSize());
        params.set(C.INT, N_UBATCH, options.microBatchSize());
        params.set(C.INT, N_SEQ_MAX, options.sequences());
        params.set(C.INT, N_THREADS, options.threads());
        params.set(C.INT, N_THREADS_BATCH, options.threads());
        params.set(C.INT, FLASH_ATTN_TYPE, options.flashAttention().code);
        params.set(C.INT, TYPE_K, options.kvCacheType().id);
        params.set(C.INT, TYPE_V, options.kvCacheType().id);
        return params;
    }
}
