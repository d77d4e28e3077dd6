package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Normalization;
import dev.llmsuite.transformer.kernels.Rope;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.Map;

/**
 * The Llama architecture (Llama 2/3, TinyLlama, SmolLM2, Mistral, the TinyStories models):
 * pre-RMSNorm, rotary positions, grouped-query attention and a SwiGLU feed-forward. The forward
 * pass reads like llama2.c's run.c, except that a whole batch of rows (positions of one or many
 * sequences) goes through each layer together.
 *
 * <p>Llama 3.1 and 3.2 stretch their positions to 128K tokens: their files carry per-frequency
 * divisors ({@code rope_freqs}), which the rotation applies. Qwen2, Qwen3, SmolLM3 and Phi-3 are
 * this layer with small changes (see {@link Variant}).
 */
public class Llama extends BoundTransformer {

    /**
     * How a Llama-like architecture's attention differs from Llama's.
     *
     * @param ropeLayout     which values of a head pair up for rotation
     * @param headNorms      per-head RMSNorm of queries and keys before rotation (Qwen3)
     * @param noRopeInterval when positive, every such layer (the 4th, 8th, ...) attends without
     *                       positional encoding (SmolLM3)
     */
    record Variant(Rope.Layout ropeLayout, boolean headNorms, int noRopeInterval) {
        static final Variant LLAMA = new Variant(Rope.Layout.ADJACENT, false, 0);
    }

    private final WeightMatrix tokenEmbedding;
    private final float[][] attentionNorm;
    private final SelfAttention[] attention;
    private final float[][] ffnNorm;
    private final GatedFeedForward[] feedForward;
    private final float[] outputNorm;
    private final WeightMatrix output;

    public Llama(ModelConfig config, Map<String, GgufTensor> tensors) {
        this(config, tensors, Variant.LLAMA);
    }

    Llama(ModelConfig config, Map<String, GgufTensor> tensors, Variant variant) {
        super(config, tensors);
        WeightBinder w = weights();
        int dim = c.dim();
        tokenEmbedding = w.matrix("token_embd.weight", c.vocabularySize(), dim);
        Rope rope = new Rope(c.headSize(), c.rope().dims(), c.rope().base(), variant.ropeLayout(), c.rope().scaling(),
                frequencyFactors(w));
        attentionNorm = new float[c.layers()][];
        attention = new SelfAttention[c.layers()];
        ffnNorm = new float[c.layers()][];
        feedForward = new GatedFeedForward[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            String block = "blk." + l + ".";
            boolean positional = variant.noRopeInterval() == 0 || (l + 1) % variant.noRopeInterval() != 0;
            attentionNorm[l] = w.vector(block + "attn_norm.weight", dim);
            attention[l] = new SelfAttention(w, c, l, positional ? rope : null, variant.headNorms(), 0f);
            ffnNorm[l] = w.vector(block + "ffn_norm.weight", dim);
            feedForward[l] = new GatedFeedForward(w, c, l, GatedFeedForward.Gate.SILU);
        }
        outputNorm = w.vector("output_norm.weight", dim);
        output = w.classifier(tokenEmbedding);
        w.requireAllBound(c.architecture());
    }

    /**
     * Per-frequency divisors of the rotation angles, when the file has them: Llama 3.1's
     * {@code rope_freqs}, or Phi-3's LongRoPE pair, of which llama.cpp takes the long factors
     * once the context exceeds the pre-training context (here, the model's full context).
     */
    private float[] frequencyFactors(WeightBinder w) {
        int pairs = c.rope().dims() / 2;
        if (w.has("rope_freqs.weight")) {
            return w.vector("rope_freqs.weight", pairs);
        }
        if (w.has("rope_factors_long.weight")) {
            float[] longFactors = w.vector("rope_factors_long.weight", pairs);
            float[] shortFactors = w.vector("rope_factors_short.weight", pairs);
            return c.contextLength() > c.rope().scaling().originalContext() ? longFactors : shortFactors;
        }
        return null;
    }

    @Override
    public float[][] forward(Batch batch, BlockPool cache) {
        int n = batch.rows();
        int dim = c.dim();

        float[] x = embed(tokenEmbedding, batch);
        float[] xb = new float[n * dim];
        float[] delta = new float[n * dim];

        for (int l = 0; l < c.layers(); l++) {
            // Attention: normalize, attend over each row's own sequence, add to the residual stream.
            for (int t = 0; t < n; t++) {
                Normalization.rms(xb, x, t * dim, attentionNorm[l], c.normEps());
            }
            attention[l].forward(xb, batch, cache, delta);
            Activation.add(x, delta, n * dim);

            // Feed-forward: normalize, SwiGLU, add to the residual stream.
            for (int t = 0; t < n; t++) {
                Normalization.rms(xb, x, t * dim, ffnNorm[l], c.normEps());
            }
            feedForward[l].forward(xb, n, delta);
            Activation.add(x, delta, n * dim);
        }
        return logits(batch, x, (row, at) -> Normalization.rms(row, row, at, outputNorm, c.normEps()), output);
    }
}
