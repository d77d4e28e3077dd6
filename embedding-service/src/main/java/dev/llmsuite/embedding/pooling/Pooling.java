package dev.llmsuite.embedding.pooling;

import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * How one sentence vector is made from a transformer's per-token vectors: the average over the
 * sentence's own tokens (not padding, not other sentences of a packed row), as
 * sentence-transformers' mean pooling does, or the [CLS] token's vector, its first.
 */
public enum Pooling {
    MEAN,
    CLS;

    public static Pooling parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN;
            case "cls" -> CLS;
            default -> throw new IllegalArgumentException("Unknown pooling '" + value + "': use mean or cls");
        };
    }

    /**
     * Pools one sentence of a [rows, positions, hidden] tensor laid out flat.
     *
     * @param firstToken the flat position (row x positions + offset) of the sentence's first token
     * @param length     the sentence's tokens
     */
    public float[] pool(FloatBuffer hiddenStates, int firstToken, int length, int hiddenSize) {
        float[] out = new float[hiddenSize];
        int rowStart = firstToken * hiddenSize;
        int tokens = this == CLS ? 1 : length;
        // Sum in double: for 256 tokens the float rounding would otherwise show in the 6th digit.
        double[] sum = new double[hiddenSize];
        for (int t = 0; t < tokens; t++) {
            int offset = rowStart + t * hiddenSize;
            for (int h = 0; h < hiddenSize; h++) {
                sum[h] += hiddenStates.get(offset + h);
            }
        }
        for (int h = 0; h < hiddenSize; h++) {
            out[h] = (float) (sum[h] / tokens);
        }
        return out;
    }
}
