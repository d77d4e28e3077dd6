package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;

/**
 * The shape of a decoder-only transformer and the settings of its attention, read from GGUF
 * metadata under the architecture's prefix (e.g. {@code llama.block_count}), with llama.cpp's
 * defaults for what a file leaves out.
 *
 * @param dim              width of the residual stream (embedding length)
 * @param hiddenDim        width of the feed-forward layer
 * @param kvHeads          key/value heads; fewer than {@code heads} means grouped-query attention
 * @param headSize         width of one attention head; dim / heads unless {@code attention.key_length}
 *                         says otherwise (Qwen3, Gemma)
 * @param rope             rotary positions (unused by GPT-2)
 * @param window           sliding-window attention: its size and the layers that use it
 * @param attentionSoftCap when positive, attention scores are soft-capped at it (Gemma 2)
 * @param finalSoftCap     when positive, the logits are soft-capped at it (Gemma 2, some Gemma 3)
 */
public record ModelConfig(String architecture, int dim, int hiddenDim, int layers, int heads, int kvHeads, int headSize,
                          int vocabularySize, int contextLength, float normEps, RotaryConfig rope, SlidingWindow window,
                          float attentionSoftCap, float finalSoftCap) {

    public ModelConfig {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " key/value heads evenly");
        }
        if (window.layers().length != layers) {
            throw new IllegalArgumentException("The sliding-window pattern names " + window.layers().length + " layers, the model has " + layers);
        }
    }

    /**
     * A plain model: heads of dim / heads, RMSNorm epsilon 1e-5, RoPE with base 10,000 over whole
     * heads, no window, no soft-capping. The {@code with} methods change one setting.
     */
    public static ModelConfig of(String architecture, int dim, int hiddenDim, int layers, int heads, int kvHeads,
                                 int vocabularySize, int contextLength) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("Embedding length " + dim + " is not a multiple of " + heads + " heads");
        }
        return new ModelConfig(architecture, dim, hiddenDim, layers, heads, kvHeads, dim / heads, vocabularySize, contextLength,
                1e-5f, RotaryConfig.plain(10000f, dim / heads), SlidingWindow.none(layers), 0f, 0f);
    }

    /** Width of all query heads together (the query projection's output). */
    public int qDim() {
        return heads * headSize;
    }

    /** Width of all key (or value) heads together: what the KV-cache stores per position and layer. */
    public int kvDim() {
        return kvHeads * headSize;
    }

    public ModelConfig withHeadSize(int size) {
        return new ModelConfig(architecture, dim, hiddenDim, layers, heads, kvHeads, size, vocabularySize, contextLength, normEps,
                rope.withDims(size), window, attentionSoftCap, finalSoftCap);
    }

    public ModelConfig withNormEps(float eps) {
        return new ModelConfig(architecture, dim, hiddenDim, layers, heads, kvHeads, headSize, vocabularySize, contextLength, eps,
                rope, window, attentionSoftCap, finalSoftCap);
    }

    public ModelConfig withRope(RotaryConfig positions) {
        return new ModelConfig(architecture, dim, hiddenDim, layers, heads, kvHeads, headSize, vocabularySize, contextLength, normEps,
                positions, window, attentionSoftCap, finalSoftCap);
    }

    public ModelConfig withWindow(SlidingWindow sliding) {
        return new ModelConfig(architecture, dim, hiddenDim, layers, heads, kvHeads, headSize, vocabularySize, contextLength, normEps,
                rope, sliding, attentionSoftCap, finalSoftCap);
    }

    public ModelConfig withSoftCaps(float attention, float logits) {
        return new ModelConfig(architecture, dim, hiddenDim, layers, heads, kvHeads, headSize, vocabularySize, contextLength, normEps,
                rope, window, attention, logits);
    }

    /** KV-cache memory per position in a float32 cache: keys and values of every layer, {@code 2 x layers x kvDim x 4} bytes. */
    public long kvCacheBytesPerToken() {
        return KvCacheType.F32.bytesPerToken(layers, kvDim());
    }

    public static ModelConfig read(GgufFile file, int vocabularySize) {
        String arch = file.string("general.architecture");
        Metadata m = new Metadata(file, arch);
        if (m.count("expert_count", 0) > 0) {
            throw new GgufFormatException("'" + arch + "' is a mixture-of-experts model, which this engine does not run");
        }
        int heads = m.count("attention.head_count", -1);
        int dim = m.count("embedding_length", -1);
        int layers = m.count("block_count", -1);
        int contextLength = m.count("context_length", -1);
        int headSize = m.count("attention.key_length", dim / heads);
        int valueSize = m.count("attention.value_length", headSize);
        if (valueSize != headSize) {
            throw new GgufFormatException("Heads with keys of " + headSize + " and values of " + valueSize
                    + " values are not supported; they must be equal");
        }
        float eps = arch.equals("gpt2")
                ? file.real(arch + ".attention.layer_norm_epsilon", 1e-5f)
                : file.real(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
        return new ModelConfig(arch, dim, m.count("feed_forward_length", -1), layers, heads,
                m.count("attention.head_count_kv", heads), headSize, vocabularySize, contextLength, eps,
                RotaryConfig.read(file, arch, headSize, contextLength),
                SlidingWindow.read(file, arch, layers),
                arch.equals("gemma2") ? file.real(arch + ".attn_logit_softcapping", 50f) : 0f,
                switch (arch) {
                    case "gemma2" -> file.real(arch + ".final_logit_softcapping", 30f);
                    case "gemma3" -> file.real(arch + ".final_logit_softcapping", 0f);
                    default -> 0f;
                });
    }

    /** Counts under the architecture's prefix, with a clear error for the per-layer arrays some models store. */
    private record Metadata(GgufFile file, String arch) {
        int count(String key, int fallback) {
            Object value = file.metadata().get(arch + "." + key);
            if (value == null && fallback < 0) {
                throw new GgufFormatException("The model's metadata lacks '" + arch + "." + key + "'");
            }
            return switch (value) {
                case null -> fallback;
                case Number n -> n.intValue();
                default -> throw new GgufFormatException("'" + arch + "." + key + "' varies per layer, which this engine does not support");
            };
        }
    }
}
