package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Rope;
import java.util.Map;

/**
 * SmolLM3: Llama's layer, except that every fourth layer attends without positional encoding
 * ("NoPE"), which helps it generalize to long contexts. llama.cpp fixes the interval at 4, as the
 * published models use it.
 */
public final class SmolLM3 extends Llama {

    private static final int NO_ROPE_INTERVAL = 4;

    public SmolLM3(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors, new Variant(Rope.Layout.ADJACENT, false, NO_ROPE_INTERVAL));
    }
}
