package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufFormatException;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Looks weights up by their GGUF tensor names, checks their shapes, and counts what it bound. */
final class WeightBinder {

    private final Map<String, GgufTensor> tensors;
    private final Map<TensorType, Integer> typeCounts = new EnumMap<>(TensorType.class);
    private final Set<String> bound = new HashSet<>();
    private long parameters;

    WeightBinder(Map<String, GgufTensor> tensors) {
        this.tensors = tensors;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    WeightMatrix matrix(String name, int rows, int columns) {
        GgufTensor tensor = tensor(name);
        if (tensor.rows() != rows || tensor.columns() != columns) {
            throw new GgufFormatException("Tensor '" + name + "' is " + tensor.rows() + " x " + tensor.columns()
                    + ", expected " + rows + " x " + columns);
        }
        count(tensor);
        return new WeightMatrix(tensor);
    }

    /** The output classifier; models with tied embeddings have none and reuse the token embedding. */
    WeightMatrix classifier(WeightMatrix tokenEmbedding) {
        return has("output.weight") ? matrix("output.weight", tokenEmbedding.rows(), tokenEmbedding.columns()) : tokenEmbedding;
    }

    /** A vector (norm weight, bias), dequantized to floats. */
    float[] vector(String name, int length) {
        GgufTensor tensor = tensor(name);
        if (tensor.elements() != length) {
            throw new GgufFormatException("Tensor '" + name + "' has " + tensor.elements() + " values, expected " + length);
        }
        count(tensor);
        float[] values = new float[length];
        new WeightMatrix(name, tensor.type(), tensor.data(), 1, length).row(0, values, 0);
        return values;
    }

    /** A vector the file may leave out (biases); null when it does. */
    float[] optionalVector(String name, int length) {
        return has(name) ? vector(name, length) : null;
    }

    /**
     * Fails when the file holds tensors that nothing bound: a model whose weights were not all
     * used would compute something other than what it was trained to, so refuse it as llama.cpp does.
     */
    void requireAllBound(String architecture) {
        List<String> unused = tensors.keySet().stream().filter(name -> !bound.contains(name)).sorted().toList();
        if (!unused.isEmpty()) {
            throw new GgufFormatException("The " + architecture + " model has tensors this engine does not use: "
                    + String.join(", ", unused.subList(0, Math.min(5, unused.size()))) + (unused.size() > 5 ? ", ..." : ""));
        }
    }

    private GgufTensor tensor(String name) {
        GgufTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new GgufFormatException("The model has no tensor '" + name + "'");
        }
        return tensor;
    }

    private void count(GgufTensor tensor) {
        if (!bound.add(tensor.name())) {
            return;
        }
        typeCounts.merge(tensor.type(), 1, Integer::sum);
        parameters += tensor.elements();
    }

    Map<TensorType, Integer> typeCounts() {
        return Map.copyOf(typeCounts);
    }

    long parameters() {
        return parameters;
    }
}
