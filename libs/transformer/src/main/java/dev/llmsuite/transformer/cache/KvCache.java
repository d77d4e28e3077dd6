package dev.llmsuite.transformer.cache;

import java.util.Arrays;

/**
 * The keys and values of every past position of one sequence, per layer, so that each new token
 * computes attention against them without recomputing anything. Storage grows with the sequence
 * (doubling) up to the model's context length; per token it costs
 * {@code 2 x layers x kvHeads x headSize x 4} bytes, which is what limits long contexts.
 *
 * <p>Layout per layer: position-major, {@code kvDim = kvHeads x headSize} floats per position.
 */
public final class KvCache {

    private static final int INITIAL_POSITIONS = 64;

    private final int layers;
    private final int kvDim;
    private final int maxPositions;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private int length;

    public KvCache(int layers, int kvDim, int maxPositions) {
        this.layers = layers;
        this.kvDim = kvDim;
        this.maxPositions = maxPositions;
        this.keys = new float[layers][];
        this.values = new float[layers][];
        resize(Math.min(INITIAL_POSITIONS, maxPositions));
    }

    public static long bytesPerToken(int layers, int kvDim) {
        return 2L * layers * kvDim * Float.BYTES;
    }

    /** Makes room for positions up to {@code positions} (exclusive). */
    public void reserve(int positions) {
        if (positions > maxPositions) {
            throw new IllegalStateException("Sequence of " + positions + " positions exceeds the context length " + maxPositions);
        }
        if (positions > capacity) {
            resize(Math.min(maxPositions, Math.max(positions, capacity * 2)));
        }
    }

    private void resize(int positions) {
        for (int l = 0; l < layers; l++) {
            keys[l] = keys[l] == null ? new float[positions * kvDim] : Arrays.copyOf(keys[l], positions * kvDim);
            values[l] = values[l] == null ? new float[positions * kvDim] : Arrays.copyOf(values[l], positions * kvDim);
        }
        capacity = positions;
    }

    /** Copies {@code count} positions of keys and values, computed for one layer, in at {@code position}. */
    public void store(int layer, int position, float[] k, float[] v, int count) {
        System.arraycopy(k, 0, keys[layer], position * kvDim, count * kvDim);
        System.arraycopy(v, 0, values[layer], position * kvDim, count * kvDim);
    }

    public float[] keys(int layer) {
        return keys[layer];
    }

    public float[] values(int layer) {
        return values[layer];
    }

    /** Positions held. */
    public int length() {
        return length;
    }

    public void advance(int positions) {
        length += positions;
    }

    /** Bytes of keys and values actually in use (positions held x bytes per token). */
    public long bytesInUse() {
        return length * bytesPerToken(layers, kvDim);
    }

    /** Drops the storage; the cache holds nothing afterwards. */
    public void release() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
        capacity = 0;
        length = 0;
    }
}
