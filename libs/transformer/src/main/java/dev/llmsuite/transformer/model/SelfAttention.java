package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.attention.BlockedAttention;
import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Normalization;
import dev.llmsuite.transformer.kernels.Rope;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.List;

/**
 * One layer's self-attention as every rotary architecture here computes it: project the
 * normalized input to queries, keys and values, normalize each query and key head where the
 * architecture does (Qwen3, Gemma 3), rotate them, append keys and values to the cache, attend,
 * and project back.
 *
 * <p>As in llama.cpp, the projections may come as one fused matrix ({@code attn_qkv}, Phi-3) and
 * carry biases wherever the file has them (Qwen2 always does).
 */
final class SelfAttention {

    private final int layer;
    private final ModelConfig c;
    private final WeightMatrix wq;
    private final WeightMatrix wk;
    private final WeightMatrix wv;
    private final WeightMatrix wqkv;
    private final float[] qBias;
    private final float[] kBias;
    private final float[] vBias;
    private final float[] qkvBias;
    private final float[] qNorm;
    private final float[] kNorm;
    private final WeightMatrix wo;
    private final float[] oBias;
    private final Rope rope;
    private final float queryScale;
    private final BlockedAttention attention;

    /**
     * @param rope       null for a layer without positional encoding (SmolLM3's every fourth layer)
     * @param headNorms  whether the layer has per-head RMSNorms on queries and keys
     * @param queryScale when positive, queries are multiplied by it before attention and the
     *                   scores are not scaled again (Gemma's query_pre_attn_scalar); otherwise the
     *                   scores are scaled by 1/sqrt(headSize)
     */
    SelfAttention(WeightBinder w, ModelConfig c, int layer, Rope rope, boolean headNorms, float queryScale) {
        this.layer = layer;
        this.c = c;
        String block = "blk." + layer + ".";
        int dim = c.dim();
        boolean fused = w.has(block + "attn_qkv.weight");
        wqkv = fused ? w.matrix(block + "attn_qkv.weight", c.qDim() + 2 * c.kvDim(), dim) : null;
        qkvBias = w.optionalVector(block + "attn_qkv.bias", c.qDim() + 2 * c.kvDim());
        wq = fused ? null : w.matrix(block + "attn_q.weight", c.qDim(), dim);
        wk = fused ? null : w.matrix(block + "attn_k.weight", c.kvDim(), dim);
        wv = fused ? null : w.matrix(block + "attn_v.weight", c.kvDim(), dim);
        qBias = w.optionalVector(block + "attn_q.bias", c.qDim());
        kBias = w.optionalVector(block + "attn_k.bias", c.kvDim());
        vBias = w.optionalVector(block + "attn_v.bias", c.kvDim());
        qNorm = headNorms ? w.vector(block + "attn_q_norm.weight", c.headSize()) : null;
        kNorm = headNorms ? w.vector(block + "attn_k_norm.weight", c.headSize()) : null;
        wo = w.matrix(block + "attn_output.weight", dim, c.qDim());
        oBias = w.optionalVector(block + "attn_output.bias", dim);
        this.rope = rope;
        this.queryScale = queryScale;
        float scoreScale = queryScale > 0 ? 1f : (float) (1.0 / Math.sqrt(c.headSize()));
        attention = new BlockedAttention(c.heads(), c.kvHeads(), c.headSize(), scoreScale, c.attentionSoftCap(), c.window().sizeFor(layer));
    }

    /**
     * Attention for the batch's rows, whose normalized inputs are {@code x}; their keys and values
     * join the cache, each row's in its own sequence's blocks. Writes {@code rows x dim} values to {@code out}.
     */
    void forward(float[] x, Batch batch, BlockPool cache, float[] out) {
        int n = batch.rows();
        int qDim = c.qDim();
        int kvDim = c.kvDim();
        float[] q = new float[n * qDim];
        float[] k = new float[n * kvDim];
        float[] v = new float[n * kvDim];
        project(x, n, q, k, v);
        for (int t = 0; t < n; t++) {
            if (qNorm != null) {
                normalizeHeads(q, t * qDim, c.heads(), qNorm);
                normalizeHeads(k, t * kvDim, c.kvHeads(), kNorm);
            }
            if (rope != null) {
                rope.rotate(q, t * qDim, c.heads(), batch, t);
                rope.rotate(k, t * kvDim, c.kvHeads(), batch, t);
            }
        }
        if (queryScale > 0) {
            Activation.scale(q, n * qDim, queryScale);
        }
        cache.write(layer, batch, k, v);
        float[] attended = new float[n * qDim];
        attention.attend(q, batch, cache, layer, attended);
        wo.multiply(attended, n, out);
        if (oBias != null) {
            Activation.addBias(out, n, oBias);
        }
    }

    private void project(float[] x, int n, float[] q, float[] k, float[] v) {
        if (wqkv != null) {
            int qDim = c.qDim();
            int kvDim = c.kvDim();
            int width = qDim + 2 * kvDim;
            float[] fused = new float[n * width];
            wqkv.multiply(x, n, fused);
            if (qkvBias != null) {
                Activation.addBias(fused, n, qkvBias);
            }
            for (int t = 0; t < n; t++) {
                System.arraycopy(fused, t * width, q, t * qDim, qDim);
                System.arraycopy(fused, t * width + qDim, k, t * kvDim, kvDim);
                System.arraycopy(fused, t * width + qDim + kvDim, v, t * kvDim, kvDim);
            }
        } else {
            WeightMatrix.multiplyEach(x, n, List.of(wq, wk, wv), List.of(q, k, v));
        }
        if (qBias != null) {
            Activation.addBias(q, n, qBias);
        }
        if (kBias != null) {
            Activation.addBias(k, n, kBias);
        }
        if (vBias != null) {
            Activation.addBias(v, n, vBias);
        }
    }

    private void normalizeHeads(float[] x, int offset, int heads, float[] weight) {
        for (int h = 0; h < heads; h++) {
            Normalization.rms(x, x, offset + h * c.headSize(), weight, c.normEps());
        }
    }
}
