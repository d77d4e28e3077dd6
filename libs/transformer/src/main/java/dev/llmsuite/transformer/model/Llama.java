package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.attention.BlockedAttention;
import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Normalization;
import dev.llmsuite.transformer.kernels.Rope;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.Map;

/**
 * The Llama architecture (Llama 2/3, TinyLlama, SmolLM2, the TinyStories models): pre-RMSNorm,
 * rotary positions, grouped-query attention and a SwiGLU feed-forward. The forward pass reads like
 * llama2.c's run.c, except that a whole batch of rows (positions of one or many sequences) goes
 * through each layer together.
 */
public final class Llama extends BoundTransformer {

    private final WeightMatrix tokenEmbedding;
    private final float[][] attentionNorm;
    private final WeightMatrix[] wq;
    private final WeightMatrix[] wk;
    private final WeightMatrix[] wv;
    private final WeightMatrix[] wo;
    private final float[][] ffnNorm;
    private final WeightMatrix[] gate;
    private final WeightMatrix[] up;
    private final WeightMatrix[] down;
    private final float[] outputNorm;
    private final WeightMatrix output;
    private final Rope rope;
    private final BlockedAttention attention;

    public Llama(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors);
        WeightBinder w = weights();
        int dim = c.dim();
        int kvDim = c.kvDim();
        tokenEmbedding = w.matrix("token_embd.weight", c.vocabularySize(), dim);
        attentionNorm = new float[c.layers()][];
        wq = new WeightMatrix[c.layers()];
        wk = new WeightMatrix[c.layers()];
        wv = new WeightMatrix[c.layers()];
        wo = new WeightMatrix[c.layers()];
        ffnNorm = new float[c.layers()][];
        gate = new WeightMatrix[c.layers()];
        up = new WeightMatrix[c.layers()];
        down = new WeightMatrix[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            String block = "blk." + l + ".";
            attentionNorm[l] = w.vector(block + "attn_norm.weight", dim);
            wq[l] = w.matrix(block + "attn_q.weight", dim, dim);
            wk[l] = w.matrix(block + "attn_k.weight", kvDim, dim);
            wv[l] = w.matrix(block + "attn_v.weight", kvDim, dim);
            wo[l] = w.matrix(block + "attn_output.weight", dim, dim);
            ffnNorm[l] = w.vector(block + "ffn_norm.weight", dim);
            gate[l] = w.matrix(block + "ffn_gate.weight", c.hiddenDim(), dim);
            up[l] = w.matrix(block + "ffn_up.weight", c.hiddenDim(), dim);
            down[l] = w.matrix(block + "ffn_down.weight", dim, c.hiddenDim());
        }
        outputNorm = w.vector("output_norm.weight", dim);
        output = w.classifier(tokenEmbedding);
        rope = new Rope(c.headSize(), c.ropeDims(), c.ropeBase());
        attention = new BlockedAttention(c.heads(), c.kvHeads(), c.headSize());
    }

    @Override
    public float[][] forward(Batch batch, BlockPool cache) {
        int n = batch.rows();
        int dim = c.dim();
        int kvDim = c.kvDim();

        float[] x = new float[n * dim];
        for (int t = 0; t < n; t++) {
            tokenEmbedding.row(batch.token(t), x, t * dim);
        }
        float[] xb = new float[n * dim];
        float[] q = new float[n * dim];
        float[] k = new float[n * kvDim];
        float[] v = new float[n * kvDim];
        float[] attended = new float[n * dim];
        float[] hidden = new float[n * c.hiddenDim()];
        float[] hiddenUp = new float[n * c.hiddenDim()];

        for (int l = 0; l < c.layers(); l++) {
            // Attention: normalize, project to queries/keys/values, rotate by position, attend over each row's own sequence.
            for (int t = 0; t < n; t++) {
                Normalization.rms(xb, x, t * dim, attentionNorm[l], c.normEps());
            }
            wq[l].multiply(xb, n, q);
            wk[l].multiply(xb, n, k);
            wv[l].multiply(xb, n, v);
            for (int t = 0; t < n; t++) {
                rope.rotate(q, t * dim, c.heads(), batch.position(t));
                rope.rotate(k, t * kvDim, c.kvHeads(), batch.position(t));
            }
            cache.write(l, batch, k, v);
            attention.attend(q, batch, cache, l, attended);
            wo[l].multiply(attended, n, xb);
            Activation.add(x, xb, n * dim);

            // Feed-forward: normalize, SwiGLU, project back, add to the residual stream.
            for (int t = 0; t < n; t++) {
                Normalization.rms(xb, x, t * dim, ffnNorm[l], c.normEps());
            }
            gate[l].multiply(xb, n, hidden);
            up[l].multiply(xb, n, hiddenUp);
            Activation.swiglu(hidden, hiddenUp, n * c.hiddenDim());
            down[l].multiply(hidden, n, xb);
            Activation.add(x, xb, n * dim);
        }
        return logits(batch, x, (row, at) -> Normalization.rms(row, row, at, outputNorm, c.normEps()), output);
    }
}
