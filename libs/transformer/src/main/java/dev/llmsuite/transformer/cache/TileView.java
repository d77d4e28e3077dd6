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
     * For each of {@code count} queries (query k at {@code q[queries[k] ...]}),
     * {@code scores[k * blockSize + j] = query . key j} for the slots {@code from <= j < to} (see
     * {@link KeyScores#score}); other slots' scores may be written too. Half floats are widened
     * once for up to four queries ({@link KeyScores#scoreQueries}).
     */
    public void score(float[] q, int[] queries, int count, int from, int to, float[] scores) {
        int k = 0;
        if (pairedKeys != null) {
            for (int together; (together = together(count - k)) > 1; k += together) {
                KeyScores.scoreQueries(q, queries, k, together, pairedKeys, keyStart, blockSize, headSize, scores, k * blockSize);
            }
        }
        for (; k < count; k++) {
            if (pairedKeys != null) {
                KeyScores.score(q, queries[k], pairedKeys, keyStart, blockSize, headSize, scores, k * blockSize);
            } else {
                KeyScores.score(q, queries[k], keys, keyStart, blockSize, from, to, headSize, scores, k * blockSize);
            }
        }
    }

    /**
     * For each of {@code count} queries, adds {@code weights[k * blockSize + j]} times value j to
     * {@code accumulators[sums[k]]}, for the slots {@code from <= j < to} in order. Half floats are
     * widened once for up to four queries ({@link VectorAxpy#applyManyQueries}).
     */
    public void weighValues(float[] weights, int count, int from, int to, float[][] accumulators, int[] sums) {
        int at = valueStart + from * valueStride;
        int k = 0;
        if (pairedValues != null) {
            for (int together; (together = together(count - k)) > 1; k += together) {
                VectorAxpy.applyManyQueries(weights, k * blockSize + from, blockSize, to - from, pairedValues, at, valueStride,
                        accumulators, sums, k, together, headSize);
            }
        }
        for (; k < count; k++) {
            float[] accumulator = accumulators[sums[k]];
            if (pairedValues != null) {
                VectorAxpy.applyMany(weights, k * blockSize + from, to - from, pairedValues, at, valueStride, accumulator, headSize);
            } else {
                VectorAxpy.applyMany(weights, k * blockSize + from, to - from, values, at, valueStride, accumulator, headSize);
            }
        }
    }

    /** How many of the {@code left} queries the half-float kernels take together next: 4, 2, or 1 (alone). */
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
