package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.cache.KvCache;
import dev.llmsuite.transformer.gguf.TensorType;
import java.util.Map;

/** A decoder's forward pass: the only thing that differs between architectures. */
public interface Transformer {

    ModelConfig config();

    /**
     * Runs {@code tokens} (positions {@code cache.length()} onwards) through every layer as one
     * batch, appends their keys and values to {@code cache}, and returns the logits of the last.
     */
    float[] forward(int[] tokens, KvCache cache);

    /** Number of weight tensors per storage type, e.g. {@code {F32=12, Q8_0=42}}. */
    Map<TensorType, Integer> tensorTypes();

    long parameterCount();
}
