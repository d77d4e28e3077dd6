package dev.llmsuite.transformer.gguf;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The ggml tensor types this engine can compute with. Quantized types store values in blocks: a
 * block of {@code blockSize} values takes {@code blockBytes} bytes (half-precision scales plus the
 * packed integers). The K-quants group 256 values into a super-block of 16 or 32-value sub-blocks,
 * each with its own small integer scale (and, for Q2_K, Q4_K and Q5_K, an offset).
 */
public enum TensorType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q8_0(8, 32, 34),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    BF16(30, 1, 2);

    public final int ggmlId;
    public final int blockSize;
    public final int blockBytes;

    TensorType(int ggmlId, int blockSize, int blockBytes) {
        this.ggmlId = ggmlId;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** Whether this is one of the K-quants (super-blocks of 256 values, multiplied against Q8_K activations). */
    public boolean isKQuant() {
        return blockSize == 256;
    }

    /** Bytes taken by {@code elements} values; quantized rows must hold whole blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(name() + " needs a multiple of " + blockSize + " values, got " + elements);
        }
        return elements / blockSize * blockBytes;
    }

    public static TensorType ofGgmlId(int id, String tensorName) {
        for (TensorType type : values()) {
            if (type.ggmlId == id) {
                return type;
            }
        }
        throw new UnsupportedTensorTypeException("Tensor '" + tensorName + "' has ggml type " + describe(id)
                + ", which this engine does not support; supported types: " + supported());
    }

    public static String supported() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Names of the ggml types we meet in the wild but cannot compute with, for the error message. */
    private static String describe(int id) {
        String[] names = {"F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
                "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S",
                "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16"};
        return id >= 0 && id < names.length ? names[id] + " (" + id + ")" : "#" + id;
    }

    /** Thrown when a model file uses a tensor type outside {@link TensorType}. */
    public static final class UnsupportedTensorTypeException extends IllegalArgumentException {
        public UnsupportedTensorTypeException(String message) {
            super(message);
        }
    }
}
