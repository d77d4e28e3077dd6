package dev.llmsuite.transformer.cache;

/**
 * Tiles of half floats (keys and values rounded to nearest even, as llama.cpp's default cache
 * stores them): half the memory, and half the bytes that attention reads per step. A tile is
 * widened into the reader's scratch when attention reads it; that scratch stays in the core's
 * first-level cache, so the kernels score and weigh floats as they would from a float cache.
 *
 * <p>The widening is a plain loop of {@link Float#float16ToFloat}, which C2 compiles into the
 * CPU's vector conversion instructions ({@code vcvtph2ps} on x86). The Vector API has no such
 * conversion; rebuilding the floats from their bits with integer vector operations (shift, mask,
 * rebias by a multiply, sign) was tried and took longer per tile than the compiled loop.
 */
final class HalfTiles extends TileStorage {

    HalfTiles(int layerHeads, int headSize, int blockSize, int capacity) {
        super(layerHeads, headSize, blockSize, capacity);
    }

    @Override
    Object newArray(int length) {
        return new short[length];
    }

    @Override
    void write(int block, int layerHead, int slot, float[] k, float[] v, int from) {
        int tile = tileStart(block);
        short[] keyTiles = (short[]) keys[block / CHUNK_BLOCKS][layerHead];
        short[] valueTiles = (short[]) values[block / CHUNK_BLOCKS][layerHead];
        for (int d = 0; d < headSize; d++) {
            keyTiles[tile + keyRows[d] * blockSize + slot] = Float.floatToFloat16(k[from + d]);
            valueTiles[tile + slot * headSize + d] = Float.floatToFloat16(v[from + d]);
        }
    }

    @Override
    void read(int block, int layerHead, int first, int length, TileView view) {
        int tile = tileStart(block);
        float[] keyFloats = view.keyScratch();
        float[] valueFloats = view.valueScratch();
        widen((short[]) keys[block / CHUNK_BLOCKS][layerHead], tile, keyFloats, 0, tileSize);
        widen((short[]) values[block / CHUNK_BLOCKS][layerHead], tile + first * headSize, valueFloats, first * headSize,
                (length - first) * headSize);
        view.show(keyFloats, 0, valueFloats, 0);
    }

    private static void widen(short[] halves, int from, float[] floats, int to, int count) {
        for (int i = 0; i < count; i++) {
            floats[to + i] = Float.float16ToFloat(halves[from + i]);
        }
    }
}
