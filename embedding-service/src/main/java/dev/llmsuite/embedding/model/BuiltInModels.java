package dev.llmsuite.embedding.model;

import dev.llmsuite.embedding.pooling.Pooling;

import java.util.List;
import java.util.Optional;

/**
 * The models that ship with the service, read from langchain4j's model jars: all-MiniLM-L6-v2
 * in fp32 and its int8-quantized twin. sentence-transformers trained it on 256-token inputs with
 * mean pooling and unit-length output.
 */
public final class BuiltInModels {

    public static final ModelSpec MINILM = new ModelSpec("all-minilm-l6-v2",
            "classpath:all-minilm-l6-v2.onnx", "classpath:all-minilm-l6-v2-tokenizer.json",
            Optional.of(256), Optional.of(Pooling.MEAN), Optional.of(true), false);

    public static final ModelSpec MINILM_QUANTIZED = new ModelSpec("all-minilm-l6-v2-q",
            "classpath:all-minilm-l6-v2-q.onnx", "classpath:all-minilm-l6-v2-q-tokenizer.json",
            Optional.of(256), Optional.of(Pooling.MEAN), Optional.of(true), false);

    private static final List<ModelSpec> ALL = List.of(MINILM, MINILM_QUANTIZED);

    private BuiltInModels() {
    }

    /** The built-in model of that name, or null. */
    public static ModelSpec byName(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
        return ALL.stream().map(ModelSpec::name).toList();
    }
}
