package dev.llmsuite.transformer.kernels;

/**
 * Rotary position embedding: within each head, consecutive pairs (x[2j], x[2j+1]) are rotated by
 * the angle position * base^(-2j / rotaryDims), so a query-key dot product depends on their
 * relative distance. This is the pair layout of Meta's Llama weights, llama2.c and GGUF.
 */
public final class Rope {

    private final float[] frequencies;
    private final int headSize;

    public Rope(int headSize, int rotaryDims, float base) {
        this.headSize = headSize;
        this.frequencies = new float[rotaryDims / 2];
        for (int j = 0; j < frequencies.length; j++) {
            frequencies[j] = (float) Math.pow(base, -2.0 * j / rotaryDims);
        }
    }

    /** Rotates {@code heads} consecutive heads stored from {@code offset} for one position. */
    public void rotate(float[] x, int offset, int heads, int position) {
        for (int j = 0; j < frequencies.length; j++) {
            float angle = position * frequencies[j];
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            for (int h = 0; h < heads; h++) {
                int i = offset + h * headSize + 2 * j;
                float x0 = x[i];
                float x1 = x[i + 1];
                x[i] = x0 * cos - x1 * sin;
                x[i + 1] = x0 * sin + x1 * cos;
            }
        }
    }
}
