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
        float[] tiles = (float[]) tiles(block, layerHead);
        int keyTile = keyStart(block);
        for (int d = 0; d < headSize; d++) {
            tiles[keyTile + keyRows[d] * blockSize + slot] = k[from + d];
        }
        System.arraycopy(v, from, tiles, valueStart(block) + slot * headSize, headSize);
    }

    @Override
    void read(int block, int layerHead, int first, int length, TileView view) {
        float[] tiles = (float[]) tiles(block, layerHead);
        view.show(tiles, keyStart(block), tiles, valueStart(block));
    }
}
