package dev.llmsuite.llamacpp;

/**
 * How a {@link LlamaContext} is set up.
 *
 * @param contextLength  positions of KV cache in all (llama.cpp rounds up to a multiple of 256 and
 *                       splits it evenly between {@code sequences})
 * @param batchSize      most tokens one {@code llama_decode} call takes ({@code n_batch})
 * @param microBatchSize most tokens one graph computes at a time ({@code n_ubatch})
 * @param sequences      sequences decoded side by side ({@code n_seq_max})
 * @param threads        size of the context's thread pool, for decode and prefill alike
 * @param kvCacheType    type of the cached keys and values
 * @param flashAttention whether attention runs as llama.cpp's fused kernel
 */
public record ContextOptions(int contextLength, int batchSize, int microBatchSize, int sequences, int threads,
                             GgmlType kvCacheType, FlashAttention flashAttention) {

    public ContextOptions {
        if (contextLength < 1 || batchSize < 1 || microBatchSize < 1 || sequences < 1 || threads < 1) {
            throw new IllegalArgumentException("context length, batch sizes, sequences and threads must be positive: " + this);
        }
    }

    /**
     * llama-bench's defaults, for speed: batch 2048, micro-batch 512, half-precision cache, flash
     * attention as llama.cpp decides.
     */
    public static ContextOptions speed(int contextLength, int threads) {
        return new ContextOptions(contextLength, 2048, 512, 1, threads, GgmlType.F16, FlashAttention.AUTO);
    }

    /**
     * For exactness tests: a float32 cache (half precision would round the keys and values that
     * our engine keeps in float32) and flash attention off (llama.cpp's CPU flash-attention kernel
     * rounds on its way: on the synthetic fixtures its logits differ from our float32 attention by
     * up to 3e-2, the plain softmax-then-values path by 5e-7).
     */
    public static ContextOptions exact(int contextLength, int threads) {
        return new ContextOptions(contextLength, 2048, 512, 1, threads, GgmlType.F32, FlashAttention.DISABLED);
    }

    public ContextOptions withSequences(int count) {
        return new ContextOptions(contextLength, batchSize, microBatchSize, count, threads, kvCacheType, flashAttention);
    }

    public ContextOptions withBatch(int batch, int microBatch) {
        return new ContextOptions(contextLength, batch, microBatch, sequences, threads, kvCacheType, flashAttention);
    }

    public ContextOptions withKvCacheType(GgmlType type) {
        return new ContextOptions(contextLength, batchSize, microBatchSize, sequences, threads, type, flashAttention);
    }

    public ContextOptions withFlashAttention(FlashAttention mode) {
        return new ContextOptions(contextLength, batchSize, microBatchSize, sequences, threads, kvCacheType, mode);
    }
}
