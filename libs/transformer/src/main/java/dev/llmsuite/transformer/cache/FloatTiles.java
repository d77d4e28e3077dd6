package dev.llmsuite.transformer.cache;

/** Tiles of floats: attention reads them where they are stored. */
final class FloatTiles extends TileStorage {

    private final float[][][] keys;
    private final float[][][] values;

    FloatTiles(int layerHeads, int headSize, int blockSize, int capacity) {
        super(layerHeads, headSize, blockSize, capacity);
        this.keys = new float[chunks()][][];
        this.values = new float[chunks()][][];
    }

    @Override
    void allocateChunk(int chunk, int length) {
        keys[chunk] = new float[layerHeads][length];
        values[chunk] = new float[layerHeads][length];
    }

    @Override
    void write(int block, int layerHead, int slot, float[] k, float[] v, int from) {
        int tile = tileStart(block);
        float[] keyTiles = keys[block / CHUNK_BLOCKS][layerHead];
        for (int d = 0; d < headSize; d++) {
            keyTiles[tile + keyRows[d] * blockSize + slot] = k[from + d];
        }
        System.arraycopy(v, from, values[block / CHUNK_BLOCKS][layerHead], tile + slot * headSize, headSize);
    }

    @Override
    void copy(int from, int to) {
        for (int layerHead = 0; layerHead < layerHeads; layerHead++) {
            System.arraycopy(keys[from / CHUNK_BLOCKS][layerHead], tileStart(from), keys[to / CHUNK_BLOCKS][layerHead], tileStart(to), tileSize);
            System.arraycopy(values[from / CHUNK_BLOCKS][layerHead], tileStart(from), values[to / CHUNK_BLOCKS][layerHead], tileStart(to),
                    tileSize);
        }
    }

    @Override
    void read(int block, int layerHead, int first, int length, TileView view) {
        int tile = tileStart(block);
        view.show(keys[block / CHUNK_BLOCKS][layerHead], tile, values[block / CHUNK_BLOCKS][layerHead], tile);
    }
}
