package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.kernels.Rope;
import java.util.Map;

/**
 * Phi-3 and Phi-3.5 (mini, medium): Llama's layer with one fused query/key/value matrix
 * ({@code attn_qkv}), one fused gate/up matrix ({@code ffn_up}, gate first), rotary pairs split
 * into halves, and for the 128K variants LongRoPE's per-frequency factors with an attention factor
 * ({@code rope.scaling.attn_factor}). The fused matrices and the factors are bound by the shared
 * layer code wherever a file has them.
 */
public final class Phi3 extends Llama {

    public Phi3(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors, new Variant(Rope.Layout.HALVES, false, 0));
    }
}
