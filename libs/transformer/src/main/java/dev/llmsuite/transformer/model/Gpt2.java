package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.attention.BlockedAttention;
import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Normalization;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.Map;

/**
 * The GPT-2 architecture: learned position embeddings, pre-LayerNorm with biases, one fused
 * query/key/value projection, a GELU feed-forward, and (usually) the token embedding tied as the
 * classifier.
 */
public final class Gpt2 extends BoundTransformer {

    private final WeightMatrix tokenEmbedding;
    private final WeightMatrix positionEmbedding;
    private final float[][] norm1Weight;
    private final float[][] norm1Bias;
    private final WeightMatrix[] qkv;
    private final float[][] qkvBias;
    private final WeightMatrix[] projection;
    private final float[][] projectionBias;
    private final float[][] norm2Weight;
    private final float[][] norm2Bias;
    private final WeightMatrix[] up;
    private final float[][] upBias;
    private final WeightMatrix[] down;
    private final float[][] downBias;
    private final float[] outputNormWeight;
    private final float[] outputNormBias;
    private final WeightMatrix output;
    private final BlockedAttention attention;

    public Gpt2(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors);
        WeightBinder w = weights();
        int dim = c.dim();
        int hidden = c.hiddenDim();
        int layers = c.layers();
        tokenEmbedding = w.matrix("token_embd.weight", c.vocabularySize(), dim);
        positionEmbedding = w.matrix("position_embd.weight", c.contextLength(), dim);
        norm1Weight = new float[layers][];
        norm1Bias = new float[layers][];
        qkv = new WeightMatrix[layers];
        qkvBias = new float[layers][];
        projection = new WeightMatrix[layers];
        projectionBias = new float[layers][];
        norm2Weight = new float[layers][];
        norm2Bias = new float[layers][];
        up = new WeightMatrix[layers];
        upBias = new float[layers][];
        down = new WeightMatrix[layers];
        downBias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            String block = "blk." + l + ".";
            norm1Weight[l] = w.vector(block + "attn_norm.weight", dim);
            norm1Bias[l] = w.vector(block + "attn_norm.bias", dim);
            qkv[l] = w.matrix(block + "attn_qkv.weight", 3 * dim, dim);
            qkvBias[l] = w.vector(block + "attn_qkv.bias", 3 * dim);
            projection[l] = w.matrix(block + "attn_output.weight", dim, dim);
            projectionBias[l] = w.vector(block + "attn_output.bias", dim);
            norm2Weight[l] = w.vector(block + "ffn_norm.weight", dim);
            norm2Bias[l] = w.vector(block + "ffn_norm.bias", dim);
            up[l] = w.matrix(block + "ffn_up.weight", hidden, dim);
            upBias[l] = w.vector(block + "ffn_up.bias", hidden);
            down[l] = w.matrix(block + "ffn_down.weight", dim, hidden);
            downBias[l] = w.vector(block + "ffn_down.bias", dim);
        }
        outputNormWeight = w.vector("output_norm.weight", dim);
        outputNormBias = w.vector("output_norm.bias", dim);
        output = w.classifier(tokenEmbedding);
        attention = new BlockedAttention(c.heads(), c.heads(), c.headSize());
    }

    @Override
    public float[][] forward(Batch batch, BlockPool cache) {
        int n = batch.rows();
        int dim = c.dim();

        float[] x = embed(tokenEmbedding, batch);
        float[] position = new float[dim];
        for (int t = 0; t < n; t++) {
            positionEmbedding.row(batch.position(t), position, 0);
            for (int i = 0; i < dim; i++) {
                x[t * dim + i] += position[i];
            }
        }
        float[] xb = new float[n * dim];
        float[] fused = new float[n * 3 * dim];
        float[] q = new float[n * dim];
        float[] k = new float[n * dim];
        float[] v = new float[n * dim];
        float[] attended = new float[n * dim];
        float[] hidden = new float[n * c.hiddenDim()];

        for (int l = 0; l < c.layers(); l++) {
            for (int t = 0; t < n; t++) {
                Normalization.layer(xb, x, t * dim, norm1Weight[l], norm1Bias[l], c.normEps());
            }
            qkv[l].multiply(xb, n, fused);
            Activation.addBias(fused, n, qkvBias[l]);
            for (int t = 0; t < n; t++) {
                System.arraycopy(fused, t * 3 * dim, q, t * dim, dim);
                System.arraycopy(fused, t * 3 * dim + dim, k, t * dim, dim);
                System.arraycopy(fused, t * 3 * dim + 2 * dim, v, t * dim, dim);
            }
            cache.write(l, batch, k, v);
            attention.attend(q, batch, cache, l, attended);
            projection[l].multiply(attended, n, xb);
            Activation.addBias(xb, n, projectionBias[l]);
            Activation.add(x, xb, n * dim);

            for (int t = 0; t < n; t++) {
                Normalization.layer(xb, x, t * dim, norm2Weight[l], norm2Bias[l], c.normEps());
            }
            up[l].multiply(xb, n, hidden);
            Activation.addBias(hidden, n, upBias[l]);
            Activation.gelu(hidden, n * c.hiddenDim());
            down[l].multiply(hidden, n, xb);
            Activation.addBias(xb, n, downBias[l]);
            Activation.add(x, xb, n * dim);
        }
        return logits(batch, x, (row, at) -> Normalization.layer(row, row, at, outputNormWeight, outputNormBias, c.normEps()), output);
    }
}
