package dev.llmsuite.transformer.cache;

import dev.llmsuite.transformer.kernels.KeyScores;

/**
 * The memory behind a {@link BlockPool}: per block, layer and key/value head one tile of
 * {@code blockSize x headSize} keys and one of values, stored as floats ({@link FloatTiles}) or
 * half floats ({@link HalfTiles}).
 *
 * <p>The tiles of one layer and key/value head are stored block after block, each block's key
 * tile followed by its value tile, in one array per chunk of blocks ({@value #CHUNK_POSITIONS} positions): a
 * sequence whose blocks are consecutive (the pool hands out the lowest free blocks first) has each
 * head's keys and values in one run of memory, which attention reads front to back, keys then
 * values block by block. The CPU's prefetchers follow such a run; when each block kept its tiles in
 * an array of its own, every 4 KB tile began with cache misses that nothing had fetched ahead, and
 * attention read the cache at less than half the speed (measured with one thread on a 75 MB cache:
 * 10.5 against 24 GB/s). Sequences that decode side by side take their next blocks in turn, so
 * their blocks interleave; with a block's key and value tiles side by side, each block is one run
 * rather than two half as long. Chunks are allocated when their first block is handed out, so a
 * budget caps memory without claiming it up front.
 *
 * <p>Values are position-major (a position's value vector is contiguous, to be weighted and
 * added); keys are dimension-major ({@code blockSize} values per dimension, the dimensions in the
 * order {@link KeyScores} reads them), so that attention scores a tile's positions in vector
 * lanes, without adding up lanes per key.
 */
abstract sealed class TileStorage permits FloatTiles, HalfTiles {

    /**
     * Positions per chunk, whatever the block size: a chunk is allocated (and zeroed) whole, and a
     * session's first block pays for its chunk inside its first prefill.
     */
    static final int CHUNK_POSITIONS = 1024;

    final int layerHeads;
    final int headSize;
    final int blockSize;
    /** Array elements of one key tile and of one value tile. */
    private final int keyTileLength;
    private final int valueTileLength;
    final int[] keyRows;
    private final int capacity;
    private final int chunkBlocks;
    /**
     * Per chunk, per layer and head, the tiles' array ({@code float[]} or {@code int[]}, by the
     * subclass): each block's key tile, then its value tile.
     */
    private final Object[][] tiles;

    TileStorage(int layerHeads, int headSize, int blockSize, int capacity, int keyTileLength, int valueTileLength) {
        this.layerHeads = layerHeads;
        this.headSize = headSize;
        this.blockSize = blockSize;
        this.keyTileLength = keyTileLength;
        this.valueTileLength = valueTileLength;
        this.capacity = capacity;
        this.keyRows = new int[headSize];
        for (int d = 0; d < headSize; d++) {
            keyRows[d] = KeyScores.storedRow(d, headSize);
        }
        this.chunkBlocks = Math.max(1, CHUNK_POSITIONS / blockSize);
        int chunks = (capacity + chunkBlocks - 1) / chunkBlocks;
        this.tiles = new Object[chunks][];
    }

    static TileStorage of(KvCacheType type, int layerHeads, int headSize, int blockSize, int capacity) {
        return switch (type) {
            case F32 -> new FloatTiles(layerHeads, headSize, blockSize, capacity);
            case F16 -> new HalfTiles(layerHeads, headSize, blockSize, capacity);
        };
    }

    /** Allocates the chunk that holds {@code block} unless it exists; returns the blocks it holds, or 0. */
    final int allocate(int block) {
        int chunk = block / chunkBlocks;
        if (tiles[chunk] != null) {
            return 0;
        }
        int blocks = Math.min(chunkBlocks, capacity - chunk * chunkBlocks);
        tiles[chunk] = new Object[layerHeads];
        for (int layerHead = 0; layerHead < layerHeads; layerHead++) {
            tiles[chunk][layerHead] = newArray(blocks * (keyTileLength + valueTileLength));
        }
        return blocks;
    }

    /** The array that holds a block's tiles of one layer and head. */
    final Object tiles(int block, int layerHead) {
        return tiles[block / chunkBlocks][layerHead];
    }

    /** Where a block's key tile starts in its chunk's array. */
    final int keyStart(int block) {
        return (block % chunkBlocks) * (keyTileLength + valueTileLength);
    }

    /** Where a block's value tile starts in its chunk's array: right after its key tile. */
    final int valueStart(int block) {
        return keyStart(block) + keyTileLength;
    }

    /** Copies every tile of block {@code from} into block {@code to}. */
    final void copy(int from, int to) {
        for (int layerHead = 0; layerHead < layerHeads; layerHead++) {
            System.arraycopy(tiles(from, layerHead), keyStart(from), tiles(to, layerHead), keyStart(to), keyTileLength + valueTileLength);
        }
    }

    /** An array of {@code length} stored values. */
    abstract Object newArray(int length);

    /** Stores the key and value vectors ({@code headSize} floats from {@code from}) of one slot of a block's tile. */
    abstract void write(int block, int layerHead, int slot, float[] k, float[] v, int from);

    /**
     * Points {@code view} at a block's tiles of one layer and head, as floats: the keys of every
     * slot, the values of slots {@code first <= j < length} (others may hold anything).
     */
    abstract void read(int block, int layerHead, int first, int length, TileView view);
}
