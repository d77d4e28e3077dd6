package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
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
