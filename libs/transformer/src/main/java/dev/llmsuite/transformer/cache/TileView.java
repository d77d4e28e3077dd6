package dev.llmsuite.transformer.cache;

import dev.llmsuite.transformer.kernels.KeyScores;
import dev.llmsuite.transformer.kernels.VectorAxpy;

/**
 * One block's key and value tiles of one layer and key/value head, for attention to score and
 * weigh: floats where a float cache stores them; for a half-float cache, the halves where they
 * are stored (two to an int, widened by the kernels as they read them) or, for tiles of other
 * shapes, floats widened into this view's own scratch. One per worker; {@link BlockPool#read}
 * points it at the next tile.
 *
 * <p>Keys are dimension-major: as floats, dimension d of slot j at
 * {@code keyStart + KeyScores.storedRow(d, headSize) * blockSize + j}; values position-major:
 * slot j's vector at {@code valueStart + j * headSize}. Paired halves keep the same orders in the
 * layouts of {@link dev.llmsuite.transformer.kernels.PairedHalves}.
 */
public final class TileView {

    private final int blockSize;
    private final int headSize;
    private float[] keyScratch;
    private float[] valueScratch;
    private float[] keys;
    private float[] values;
    private int[] pairedKeys;
    private int[] pairedValues;
    private int keyStart;
    private int valueStart;
    private int valueStride;

    TileView(int blockSize, int headSize) {
        this.blockSize = blockSize;
        this.headSize = headSize;
    }

    void show(float[] keys, int keyStart, float[] values, int valueStart) {
        this.keys = keys;
        this.values = values;
        this.pairedKeys = null;
        this.pairedValues = null;
        this.keyStart = keyStart;
        this.valueStart = valueStart;
        this.valueStride = headSize;
    }

    /** Shows half floats two to an int ({@link dev.llmsuite.transformer.kernels.PairedHalves}): starts and the value stride in ints. */
    void showPairedHalves(int[] keys, int keyStart, int[] values, int valueStart, int valueStride) {
        this.keys = null;
        this.values = null;
        this.pairedKeys = keys;
        this.pairedValues = values;
        this.keyStart = keyStart;
        this.valueStart = valueStart;
        this.valueStride = valueStride;
    }

    /** Scratch for widened keys, allocated at first use: a cache read where it is stored never needs it. */
    float[] keyScratch() {
        if (keyScratch == null) {
            keyScratch = new float[blockSize * headSize];
        }
        return keyScratch;
    }

    float[] valueScratch() {
        if (valueScratch == null) {
            valueScratch = new float[blockSize * headSize];
        }
        return valueScratch;
    }

    /**
     * For each of {@code headCount} consecutive query heads (head h's query at
     * {@code qOffset + h * headSize}), {@code scores[h * blockSize + j] = query . key j} for the
     * slots {@code from <= j < to} (see {@link KeyScores#score}); other slots' scores may be
     * written too. Half floats are widened once for up to four heads ({@link KeyScores#scoreHeads}).
     */
    public void score(float[] q, int qOffset, int headCount, int from, int to, float[] scores) {
        int h = 0;
        if (pairedKeys != null) {
            for (int together; (together = together(headCount - h)) > 1; h += together) {
                KeyScores.scoreHeads(q, qOffset + h * headSize, together, pairedKeys, keyStart, blockSize, headSize, scores, h * blockSize);
            }
        }
        for (; h < headCount; h++) {
            if (pairedKeys != null) {
                KeyScores.score(q, qOffset + h * headSize, pairedKeys, keyStart, blockSize, headSize, scores, h * blockSize);
            } else {
                KeyScores.score(q, qOffset + h * headSize, keys, keyStart, blockSize, from, to, headSize, scores, h * blockSize);
            }
        }
    }

    /**
     * For each of {@code headCount} query heads, adds {@code weights[h * blockSize + j]} times
     * value j to {@code accumulators[first + h * stride]}, for the slots {@code from <= j < to} in
     * order. Half floats are widened once for up to four heads ({@link VectorAxpy#applyManyHeads}).
     */
    public void weighValues(float[] weights, int headCount, int from, int to, float[][] accumulators, int first, int stride) {
        int at = valueStart + from * valueStride;
        int h = 0;
        if (pairedValues != null) {
            for (int together; (together = together(headCount - h)) > 1; h += together) {
                VectorAxpy.applyManyHeads(weights, h * blockSize + from, blockSize, to - from, pairedValues, at, valueStride,
                        accumulators, first + h * stride, stride, together, headSize);
            }
        }
        for (; h < headCount; h++) {
            float[] accumulator = accumulators[first + h * stride];
            if (pairedValues != null) {
                VectorAxpy.applyMany(weights, h * blockSize + from, to - from, pairedValues, at, valueStride, accumulator, headSize);
            } else {
                VectorAxpy.applyMany(weights, h * blockSize + from, to - from, values, at, valueStride, accumulator, headSize);
            }
        }
    }

    /** How many of the {@code left} heads the half-float kernels take together next: 4, 2, or 1 (alone). */
    private static int together(int left) {
        return left >= 4 ? 4 : left >= 2 ? 2 : 1;
    }

    /** The tile's keys as floats, when the cache shows floats (see {@link #score}). */
    public float[] keys() {
        return keys;
    }

    public int keyStart() {
        return keyStart;
    }

    /** The tile's values as floats, when the cache shows floats. */
    public float[] values() {
        return values;
    }

    public int valueStart() {
        return valueStart;
    }
}
