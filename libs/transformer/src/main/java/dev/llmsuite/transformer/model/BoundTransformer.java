package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.Map;

/**
 * The bookkeeping every architecture shares, so that a subclass is only its weights and its forward
 * pass: the configuration, the account of the weights it bound through {@link #weights()}, and
 * the last step of every forward pass, {@link #logits}.
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

    /** The residual stream's first rows: one embedding row per batch row. */
    protected final float[] embed(WeightMatrix tokenEmbedding, Batch batch) {
        int dim = c.dim();
        float[] x = new float[batch.rows() * dim];
        for (int t = 0; t < batch.rows(); t++) {
            tokenEmbedding.row(batch.token(t), x, t * dim);
        }
        return x;
    }

    /** A final normalization applied in place to the {@code dim} floats of one row at {@code offset}. */
    @FunctionalInterface
    protected interface RowNorm {
        void apply(float[] x, int offset);
    }

    /**
     * The logits of the rows that choose a next token: those rows of the residual stream
     * {@code x}, normalized by {@code norm}, through the classifier, soft-capped where the model
     * caps its logits (Gemma 2). Only they pay for the classifier, the largest matrix of a small model.
     */
    protected final float[][] logits(Batch batch, float[] x, RowNorm norm, WeightMatrix classifier) {
        float[] rows = batch.gatherLogitRows(x, c.dim());
        int count = rows.length / c.dim();
        if (count == 0) {
            return new float[0][];
        }
        for (int i = 0; i < count; i++) {
            norm.apply(rows, i * c.dim());
        }
        float[] logits = new float[count * c.vocabularySize()];
        classifier.multiply(rows, count, logits);
        if (c.finalSoftCap() > 0) {
            Activation.softCap(logits, logits.length, c.finalSoftCap());
        }
        return batch.splitLogits(logits, c.vocabularySize());
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
