package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Rope;
import java.util.Map;

/**
 * Qwen2 and Qwen2.5: Llama's layer with biases on the query, key and value projections (bound by
 * {@link SelfAttention} wherever a file has them) and rotary pairs split into halves, as Hugging
 * Face's rotate_half keeps them.
 */
public final class Qwen2 extends Llama {

    public Qwen2(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors, new Variant(Rope.Layout.HALVES, false, 0));
    }
}
