package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufTensor;
import java.util.Map;

/**
 * Gemma 3 (text): Gemma 2's layer with an RMSNorm on every query and key head in place of
 * attention soft-capping, five local layers to each global one, and separate rotary bases:
 * 10,000 for local layers, 1,000,000 (with linear scaling in the 4B and larger models) for global
 * ones. The window pattern, bases and optional logit cap come from the file ({@link ModelConfig}).
 */
public final class Gemma3 extends Gemma2 {

    public Gemma3(ModelConfig config, Map<String, GgufTensor> tensors) {
        super(config, tensors, new Variant(true, false, 62));
    }
}
