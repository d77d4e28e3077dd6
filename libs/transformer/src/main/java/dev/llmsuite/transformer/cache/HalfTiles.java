package dev.llmsuite.transformer.cache;

import dev.llmsuite.transformer.kernels.PairedHalves;

/**
 * Tiles of half floats (keys and values rounded to nearest even, as llama.cpp's default cache
 * stores them; beyond the half range saturated where llama.cpp would store an infinity): half the
 * memory, and half the bytes that attention reads per step. They are stored two to an int in the
 * layouts of {@link PairedHalves}, so that the attention kernels widen them as they read them
 * (tiles of other shapes than {@link PairedHalves#readInPlace} accepts are widened into the
 * reader's scratch first).
 */
final class HalfTiles extends TileStorage {

    private final int valueInts;
    private final boolean inPlace;
    /** The dimension each stored key row holds (the inverse of {@link #keyRows}). */
    private final int[] keyDimensions;

    HalfTiles(int layerHeads, int headSize, int blockSize, int capacity) {
        super(layerHeads, headSize, blockSize, capacity, PairedHalves.keyTileInts(headSize, blockSize),
                blockSize * PairedHalves.valueInts(headSize));
        this.valueInts = PairedHalves.valueInts(headSize);
        this.inPlace = PairedHalves.readInPlace(headSize, blockSize);
        this.keyDimensions = new int[headSize];
        for (int d = 0; d < headSize; d++) {
            keyDimensions[keyRows[d]] = d;
        }
    }

    @Override
    Object newArray(int length) {
        return new int[length];
    }

    /**
     * Writes whole ints, two halves at a time, rather than each half into its int: a key or value
     * is written once per layer and head of every new position, by the caller alone, while the
     * other threads wait.
     */
    @Override
    void write(int block, int layerHead, int slot, float[] k, float[] v, int from) {
        int[] tiles = (int[]) tiles(block, layerHead);
        int keyColumn = keyStart(block) + slot;
        for (int row = 0; row < headSize; row += 2) {
            float high = row + 1 < headSize ? k[from + keyDimensions[row + 1]] : 0f;
            tiles[keyColumn + (row >> 1) * blockSize] = PairedHalves.pair(k[from + keyDimensions[row]], high);
        }
        PairedHalves.writeValue(v, from, headSize, tiles, valueStart(block) + slot * valueInts);
    }

    /** Shows the tile as stored where the kernels read it so ({@link PairedHalves#readInPlace}), else widened into the view's scratch. */
    @Override
    void read(int block, int layerHead, int first, int length, TileView view) {
        int[] tiles = (int[]) tiles(block, layerHead);
        if (inPlace) {
            view.showPairedHalves(tiles, keyStart(block), tiles, valueStart(block), valueInts);
            return;
        }
        float[] keyFloats = view.keyScratch();
        float[] valueFloats = view.valueScratch();
        PairedHalves.widenKeys(tiles, keyStart(block), blockSize, headSize, keyFloats);
        PairedHalves.widenValues(tiles, valueStart(block) + first * valueInts, length - first, headSize, valueFloats, first * headSize);
        view.show(keyFloats, 0, valueFloats, 0);
    }
}
