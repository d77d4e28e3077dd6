package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufFile;

/**
 * The shape of a decoder-only transformer, read from GGUF metadata under the architecture's
 * prefix (e.g. {@code llama.block_count}).
 *
 * @param dim          width of the residual stream (embedding length)
 * @param hiddenDim    width of the feed-forward layer
 * @param kvHeads      key/value heads; fewer than {@code heads} means grouped-query attention
 * @param ropeDims     leading dimensions of each head that RoPE rotates (Llama only)
 */
public record ModelConfig(String architecture, int dim, int hiddenDim, int layers, int heads, int kvHeads,
                          int vocabularySize, int contextLength, float normEps, float ropeBase, int ropeDims) {

    public ModelConfig {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("Embedding length " + dim + " is not a multiple of " + heads + " heads");
        }
    }

    public int headSize() {
        return dim / heads;
    }

    public int kvDim() {
        return kvHeads * headSize();
    }

    /** KV-cache memory per position: keys and values of every layer, {@code 2 x layers x kvDim x 4} bytes. */
    public long kvCacheBytesPerToken() {
        return 2L * layers * kvDim() * Float.BYTES;
    }

    public static ModelConfig read(GgufFile file, int vocabularySize) {
        String arch = file.string("general.architecture");
        int heads = file.integer(arch + ".attention.head_count");
        int dim = file.integer(arch + ".embedding_length");
        float eps = arch.equals("llama")
                ? file.real(arch + ".attention.layer_norm_rms_epsilon", 1e-5f)
                : file.real(arch + ".attention.layer_norm_epsilon", 1e-5f);
        return new ModelConfig(arch, dim,
                file.integer(arch + ".feed_forward_length"),
                file.integer(arch + ".block_count"),
                heads,
                file.integer(arch + ".attention.head_count_kv", heads),
                vocabularySize,
                file.integer(arch + ".context_length"),
                eps,
                file.real(arch + ".rope.freq_base", 10000f),
                file.integer(arch + ".rope.dimension_count", dim / heads));
    }
}
