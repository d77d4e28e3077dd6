package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Normalization;
import dev.llmsuite.transformer.kernels.Rope;
import dev.llmsuite.transformer.kernels.RopeScaling;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.Map;

/**
 * Gemma 2: the token embedding scaled by sqrt(dim), RMSNorm both before and after attention and
 * the feed-forward ("sandwich" norms), a GeGLU feed-forward, queries scaled before attention,
 * local sliding-window layers alternating with global ones, and soft-capped attention scores and
 * logits.
 *
 * <p>Gemma's RMSNorm multiplies by (1 + w); llama.cpp's converter stores 1 + w in the file, so
 * every norm here is the plain x / rms(x) * w.
 */
public class Gemma2 extends BoundTransformer {

    /**
     * How a Gemma generation differs from Gemma 2.
     *
     * @param headNorms          per-head RMSNorm of queries and keys before rotation (Gemma 3)
     * @param scaledLocalLayers  whether sliding-window layers stretch positions as the global ones do
     * @param layersOf27b        the depth of the generation's 27B model, the one whose queries are
     *                           scaled by dim / heads instead of the head size
     */
    record Variant(boolean headNorms, boolean scaledLocalLayers, int layersOf27b) {
        static final Variant GEMMA2 = new Variant(false, true, 46);
    }

    private final WeightMatrix tokenEmbedding;
    private final float[][] attentionNorm;
    private final SelfAttention[] attention;
    private final float[][] postAttentionNorm;
    private final float[][] ffnNorm;
    private final GatedFeedForward[] feedForward;
    private final float[][] postFfnNorm;
    private final float[] outputNorm;
    private final WeightMatrix output;

    public Gemma2(ModelConfig config, Map<String, GgufTensor> tensors) {
        this(config, tensors, Variant.GEMMA2);
    }

    Gemma2(ModelConfig config, Map<String, GgufTensor> tensors, Variant variant) {
        super(config, tensors);
        WeightBinder w = weights();
        int dim = c.dim();
        RotaryConfig r = c.rope();
        Rope global = new Rope(c.headSize(), r.dims(), r.base(), Rope.Layout.HALVES, r.scaling(), null);
        Rope local = new Rope(c.headSize(), r.dims(), r.localBase(), Rope.Layout.HALVES,
                variant.scaledLocalLayers() ? r.scaling() : RopeScaling.NONE, null);
        // Gemma's query_pre_attn_scalar is not in GGUF; llama.cpp recognizes the 27B models by depth.
        float queryScale = 1f / (float) Math.sqrt(c.layers() == variant.layersOf27b() ? dim / c.heads() : c.headSize());

        tokenEmbedding = w.matrix("token_embd.weight", c.vocabularySize(), dim);
        attentionNorm = new float[c.layers()][];
        attention = new SelfAttention[c.layers()];
        postAttentionNorm = new float[c.layers()][];
        ffnNorm = new float[c.layers()][];
        feedForward = new GatedFeedForward[c.layers()];
        postFfnNorm = new float[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            String block = "blk." + l + ".";
            attentionNorm[l] = w.vector(block + "attn_norm.weight", dim);
            attention[l] = new SelfAttention(w, c, l, c.window().slides(l) ? local : global, variant.headNorms(), queryScale);
            postAttentionNorm[l] = w.vector(block + "post_attention_norm.weight", dim);
            ffnNorm[l] = w.vector(block + "ffn_norm.weight", dim);
            feedForward[l] = new GatedFeedForward(w, c, l, GatedFeedForward.Gate.GELU);
            postFfnNorm[l] = w.vector(block + "post_ffw_norm.weight", dim);
        }
        outputNorm = w.vector("output_norm.weight", dim);
        output = w.classifier(tokenEmbedding);
        w.requireAllBound(c.architecture());
    }

    @Override
    public float[][] forward(Batch batch, BlockPool cache) {
        int n = batch.rows();
        int dim = c.dim();

        float[] x = embed(tokenEmbedding, batch);
        Activation.scale(x, n * dim, (float) Math.sqrt(dim));
        float[] xb = new float[n * dim];
        float[] delta = new float[n * dim];

        for (int l = 0; l < c.layers(); l++) {
            // Attention between two norms, added to the residual stream.
            for (int t = 0; t < n; t++) {
                Normalization.rms(xb, x, t * dim, attentionNorm[l], c.normEps());
            }
            attention[l].forward(xb, batch, cache, delta);
            for (int t = 0; t < n; t++) {
                Normalization.rms(delta, delta, t * dim, postAttentionNorm[l], c.normEps());
            }
            Activation.add(x, delta, n * dim);

            // GeGLU feed-forward between two norms, added to the residual stream.
            for (int t = 0; t < n; t++) {
                Normalization.rms(xb, x, t * dim, ffnNorm[l], c.normEps());
            }
            feedForward[l].forward(xb, n, delta);
            for (int t = 0; t < n; t++) {
                Normalization.rms(delta, delta, t * dim, postFfnNorm[l], c.normEps());
            }
            Activation.add(x, delta, n * dim);
        }
        return logits(batch, x, (row, at) -> Normalization.rms(row, row, at, outputNorm, c.normEps()), output);
    }
}
