package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Normalization;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.Map;

/**
 * The bookkeeping every architecture shares, so that a subclass is only its weights and its forward
 * pass: the configuration, and the account of the weights it bound through {@link #weights()}.
 */
abstract class BoundTransformer implements Transformer {

    protected final ModelConfig c;
    private final WeightBinder weights;

    BoundTransformer(ModelConfig config, Map<String, GgufTensor> tensors) {
        this.c = config;
        this.weights = new WeightBinder(tensors);
    }

    /** For the subclass's constructor to bind its weights with; the counts below are of what it bound. */
    protected final WeightBinder weights() {
        return weights;
    }

    /** The residual stream's first rows: one embedding row per token. */
    protected final float[] embed(WeightMatrix tokenEmbedding, int[] tokens) {
        int dim = c.dim();
        float[] x = new float[tokens.length * dim];
        for (int t = 0; t < tokens.length; t++) {
            tokenEmbedding.row(tokens[t], x, t * dim);
        }
        return x;
    }

    /**
     * The logits of the last of {@code n} rows of the residual stream {@code x} (only they choose
     * the next token): final RMSNorm, classifier, and soft-capping where the model caps its logits.
     */
    protected final float[] lastLogits(float[] x, int n, float[] outputNorm, WeightMatrix output) {
        int dim = c.dim();
        float[] last = new float[dim];
        System.arraycopy(x, (n - 1) * dim, last, 0, dim);
        Normalization.rms(last, last, 0, outputNorm, c.normEps());
        float[] logits = new float[c.vocabularySize()];
        output.multiply(last, 1, logits);
        if (c.finalSoftCap() > 0) {
            Activation.softCap(logits, logits.length, c.finalSoftCap());
        }
        return logits;
    }

    @Override
    public final ModelConfig config() {
        return c;
    }

    @Override
    public final Map<TensorType, Integer> tensorTypes() {
        return weights.typeCounts();
    }

    @Override
    public final long parameterCount() {
        return weights.parameters();
    }
}
