package dev.llmsuite.transformer.cache;

/**
 * One block's key and value tiles of one layer and key/value head, as floats, for attention to
 * read: where the cache stores them, or widened into this view's own scratch. One per worker;
 * {@link BlockPool#read} points it at the next tile.
 *
 * <p>Keys are dimension-major: dimension d of slot j at
 * {@code keyStart() + KeyScores.storedRow(d, headSize) * blockSize + j}; values position-major:
 * slot j's vector at {@code valueStart() + j * headSize}.
 */
public final class TileView {

    private final int tileSize;
    private float[] keyScratch;
    private float[] valueScratch;
    private float[] keys;
    private int keyStart;
    private float[] values;
    private int valueStart;

    TileView(int tileSize) {
        this.tileSize = tileSize;
    }

    void show(float[] keys, int keyStart, float[] values, int valueStart) {
        this.keys = keys;
        this.keyStart = keyStart;
        this.values = values;
        this.valueStart = valueStart;
    }

    /** Scratch for widened keys, allocated at first use: a float cache is read where it is stored and never needs it. */
    float[] keyScratch() {
        if (keyScratch == null) {
            keyScratch = new float[tileSize];
        }
        return keyScratch;
    }

    float[] valueScratch() {
        if (valueScratch == null) {
            valueScratch = new float[tileSize];
        }
        return valueScratch;
    }

    public float[] keys() {
        return keys;
    }

    public int keyStart() {
        return keyStart;
    }

    public float[] values() {
        return values;
    }

    public int valueStart() {
        return valueStart;
    }
}
