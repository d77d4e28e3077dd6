package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Rope;
import java.util.Map;

/**
 * Qwen3 (dense): Qwen2's layer without the projection biases and with an RMSNorm on every query
 * and key head before rotation, which keeps attention logits tame; heads are usually wider than
 * dim / heads ({@code attention.key_length}, e.g. 128 for 1,024 / 16).
 */
public final class Qwen3 extends Llama {

    public Qwen3(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors, new Variant(Rope.Layout.HALVES, true, 0));
    }
}
