package dev.llmsuite.transformer.cache;

/** Tiles of floats: attention reads them where they are stored. */
final class FloatTiles extends TileStorage {

    FloatTiles(int layerHeads, int headSize, int blockSize, int capacity) {
        super(layerHeads, headSize, blockSize, capacity, blockSize * headSize, blockSize * headSize);
    }

    @Override
    Object newArray(int length) {
        return new float[length];
    }

    @Override
    void write(int block, int layerHead, int slot, float[] k, float[] v, int from) {
        int tile = keyStart(block);
        float[] keyTiles = (float[]) keys[block / CHUNK_BLOCKS][layerHead];
        for (int d = 0; d < headSize; d++) {
            keyTiles[tile + keyRows[d] * blockSize + slot] = k[from + d];
        }
        System.arraycopy(v, from, values[block / CHUNK_BLOCKS][layerHead], valueStart(block) + slot * headSize, headSize);
    }

    @Override
    void read(int block, int layerHead, int first, int length, TileView view) {
        view.show((float[]) keys[block / CHUNK_BLOCKS][layerHead], keyStart(block), (float[]) values[block / CHUNK_BLOCKS][layerHead],
                valueStart(block));
    }
}
