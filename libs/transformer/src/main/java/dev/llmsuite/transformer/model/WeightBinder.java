package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufFormatException;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.EnumMap;
import java.util.Map;

/** Looks weights up by their GGUF tensor names, checks their shapes, and counts what it bound. */
final class WeightBinder {

    private final Map<String, GgufTensor> tensors;
    private final Map<TensorType, Integer> typeCounts = new EnumMap<>(TensorType.class);
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

    private GgufTensor tensor(String name) {
        GgufTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new GgufFormatException("The model has no tensor '" + name + "'");
        }
        return tensor;
    }

    private void count(GgufTensor tensor) {
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
