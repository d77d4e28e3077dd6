package dev.llmsuite.transformer.cache;

import dev.llmsuite.transformer.batch.Batch;

/**
 * The KV-cache of every sequence of one model, paged: blocks of {@code blockSize} positions
 * from one pool whose size a memory budget sets. A sequence holds a {@link BlockTable} and gets
 * a block whenever it grows past its last one, and gives all of them back when it ends, so
 * memory follows the tokens actually held rather than context length times sequences, and
 * blocks can be shared: sequences that begin alike read the same blocks (see
 * {@link PrefixCache}), counted by reference and copied before one of them would write.
 *
 * <p>A block holds every layer: per layer and key/value head a tile of {@code blockSize x headSize}
 * keys and one of as many values, stored by {@link TileStorage} so that one head's tiles of
 * consecutive blocks are one run of memory that attention streams through, as floats or as half
 * floats ({@link KvCacheType}). Storage is allocated
 * in chunks of blocks when their first block is handed out and kept for reuse, so the budget caps
 * memory without claiming all of it up front.
 *
 * <p>A sequence grows into the blocks after its last one: when it takes a block, the free blocks
 * right after it (up to {@value #RUN_AHEAD}) are kept for it, so that sequences which decode side
 * by side, each taking its next block as it crosses a block boundary, still hold their blocks in
 * runs rather than interleaved one by one (attention read interleaved blocks at well under half
 * the speed of runs; see {@code ./suite bench attention}). The blocks kept are still free: any
 * sequence takes them when no other free block is left.
 *
 * <p>Owned by one thread (a scheduler or a session); the counters may be read from any thread.
 */
public final class BlockPool {

    /** Free blocks kept for a sequence's growth, right after the block it last took. */
    static final int RUN_AHEAD = 7;

    private final int layers;
    private final int kvHeads;
    private final int headSize;
    private final int kvDim;
    private final int blockSize;
    private final int capacity;
    private final KvCacheType type;
    private final TileStorage tiles;
    private final int[] references;
    private final int[] free;
    /** Per block, the table whose growth it is kept for, or null; such a block is free but not on the stack. */
    private final BlockTable[] keptFor;
    private final PrefixCache prefixes;
    private volatile int freeCount;
    private volatile int keptCount;
    private volatile int usedCount;
    private volatile int storedBlocks;

    public BlockPool(int layers, int kvHeads, int headSize, int blockSize, int capacity, KvCacheType type, boolean prefixCaching) {
        if (blockSize < 1 || capacity < 1) {
            throw new IllegalArgumentException("Block size and capacity must be positive, got " + blockSize + " and " + capacity);
        }
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headSize = headSize;
        this.kvDim = kvHeads * headSize;
        this.blockSize = blockSize;
        this.capacity = capacity;
        this.type = type;
        this.tiles = TileStorage.of(type, layers * kvHeads, headSize, blockSize, capacity);
        this.references = new int[capacity];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        this.keptFor = new BlockTable[capacity];
        this.prefixes = new PrefixCache(capacity, blockSize, prefixCaching);
    }

    /** Bytes of one block: keys and values of {@code blockSize} positions in every layer. */
    public static long bytesPerBlock(int layers, int kvDim, int blockSize, KvCacheType type) {
        return blockSize * type.bytesPerToken(layers, kvDim);
    }

    /** Blocks needed to hold {@code positions} positions. */
    public int blocksFor(int positions) {
        return (positions + blockSize - 1) / blockSize;
    }

    /**
     * A block for one sequence (one reference), or -1 when none is free and no cached block is
     * unused. Never-used and released blocks go first; then the least recently used cached block
     * is evicted from the prefix cache.
     */
    public int allocate() {
        int block;
        if (freeCount > 0) {
            block = free[--freeCount];
        } else if (keptCount > 0) {
            block = 0;
            while (keptFor[block] == null) {
                block++;
            }
            unkeep(block);
        } else {
            block = prefixes.evict();
            if (block < 0) {
                return -1;
            }
        }
        return use(block);
    }

    private int use(int block) {
        storedBlocks += tiles.allocate(block);
        references[block] = 1;
        usedCount++;
        return block;
    }

    /**
     * Grows {@code table} until it has {@code blocks} blocks; false (nothing changed) when the pool
     * has too few left. Each new block is the one after the table's last when that one is kept for
     * it or free, else any; then the free blocks after it are kept for the table's next growth.
     */
    public boolean grow(BlockTable table, int blocks) {
        if (blocks - table.size() > available()) {
            return false;
        }
        while (table.size() < blocks) {
            int after = table.size() > 0 ? table.block(table.size() - 1) + 1 : capacity;
            int block;
            if (after < capacity && keptFor[after] == table) {
                unkeep(after);
                block = use(after);
            } else if (after < capacity && keptFor[after] == null && removeFree(after)) {
                block = use(after);
            } else {
                block = allocate();
            }
            table.add(block);
            for (int next = block + 1; next < Math.min(capacity, block + 1 + RUN_AHEAD) && keptFor[next] != table; next++) {
                if (keptFor[next] != null || !removeFree(next)) {
                    break;
                }
                keptFor[next] = table;
                keptCount++;
            }
        }
        return true;
    }

    /** Takes {@code block} off the free stack, keeping the others' order; false when it is not there. */
    private boolean removeFree(int block) {
        if (references[block] != 0 || keptFor[block] != null || prefixes.isCached(block)) {
            return false;
        }
        for (int i = freeCount - 1; i >= 0; i--) {
            if (free[i] == block) {
                System.arraycopy(free, i + 1, free, i, freeCount - 1 - i);
                freeCount--;
                return true;
            }
        }
        return false;
    }

    private void unkeep(int block) {
        keptFor[block] = null;
        keptCount--;
    }

    /** One more sequence reads the block. */
    public void retain(int block) {
        if (references[block]++ == 0) {
            prefixes.markUsed(block);
            usedCount++;
        }
    }

    /** One sequence less reads the block; with none left it is kept for the prefix cache, or freed. */
    public void release(int block) {
        if (references[block] <= 0) {
            throw new IllegalStateException("Block " + block + " released more often than taken");
        }
        if (--references[block] == 0) {
            usedCount--;
            if (prefixes.isCached(block)) {
                prefixes.markUnused(block);
            } else {
                free[freeCount++] = block;
            }
        }
    }

    /**
     * Gives back every block of the table and empties it, last block first, so that the next
     * table to grow gets them back in their order (the free list is a stack) and reads them as one run.
     */
    public void releaseAll(BlockTable table) {
        for (int block = capacity - 1; block >= 0 && keptCount > 0; block--) {
            if (keptFor[block] == table) {
                unkeep(block);
                free[freeCount++] = block;
            }
        }
        for (int i = table.size() - 1; i >= 0; i--) {
            release(table.block(i));
        }
        table.clear();
    }

    /** Appends every block of {@code from} to the (empty) table {@code into}: both read them now (the n completions of one prompt). */
    public void share(BlockTable from, BlockTable into) {
        for (int i = 0; i < from.size(); i++) {
            retain(from.block(i));
            into.add(from.block(i));
        }
    }

    /**
     * Makes block {@code index} of the table the table's own before it is written: a block other
     * sequences also read is copied first (copy-on-write). False when no block is left to copy into.
     */
    public boolean makeWritable(BlockTable table, int index) {
        int shared = table.block(index);
        if (references[shared] == 1) {
            return true;
        }
        int copy = allocate();
        if (copy < 0) {
            return false;
        }
        tiles.copy(shared, copy);
        release(shared);
        table.set(index, copy);
        return true;
    }

    /**
     * Appends the cached blocks of the longest known prefix of {@code tokens[0, length)} to the
     * (empty) table and returns how many positions they hold.
     */
    public int reusePrefix(BlockTable table, int[] tokens, int length) {
        for (int block : prefixes.lookup(tokens, length)) {
            retain(block);
            table.add(block);
        }
        return table.size() * blockSize;
    }

    /** Registers the table's block {@code index}, now full of {@code tokens[index * blockSize ...]}, under {@code key}. */
    public void register(BlockTable table, int index, long key, int[] tokens) {
        prefixes.register(table.block(index), key, tokens, index * blockSize);
    }

    /**
     * Writes the keys and values of every batch row, computed for one layer ({@code kvDim} floats
     * per row in {@code k} and {@code v}), into the row's block at the row's position.
     */
    public void write(int layer, Batch batch, float[] k, float[] v) {
        for (int row = 0; row < batch.rows(); row++) {
            int position = batch.position(row);
            int block = batch.blockTable(row)[position / blockSize];
            if (references[block] != 1 || prefixes.isCached(block)) {
                throw new IllegalStateException("Block " + block + " is shared; it must be copied before it is written");
            }
            int slot = position % blockSize;
            for (int head = 0; head < kvHeads; head++) {
                tiles.write(block, layer * kvHeads + head, slot, k, v, row * kvDim + head * headSize);
            }
        }
    }

    /** A view for one worker of attention to read tiles through. */
    public TileView newView() {
        return new TileView(blockSize, headSize);
    }

    /**
     * Points {@code view} at a block's key and value tiles of one layer and key/value head: every
     * slot's key, the values of slots {@code first <= j < length}.
     */
    public void read(int block, int layer, int kvHead, int first, int length, TileView view) {
        tiles.read(block, layer * kvHeads + kvHead, first, length, view);
    }

    public int blockSize() {
        return blockSize;
    }

    public KvCacheType type() {
        return type;
    }

    /** Blocks in the pool: what the budget allows. */
    public int capacity() {
        return capacity;
    }

    /** Blocks some sequence reads now. */
    public int used() {
        return usedCount;
    }

    /** Blocks nobody reads that are kept for the prefix cache (taken back when needed). */
    public int cached() {
        return capacity - usedCount - freeCount - keptCount;
    }

    /** Blocks never used or given back, not cached (those kept for a sequence's growth included). */
    public int free() {
        return freeCount + keptCount;
    }

    /** Blocks a new sequence could get now: free ones plus unused cached ones. */
    public int available() {
        return capacity - usedCount;
    }

    public long bytesPerBlock() {
        return bytesPerBlock(layers, kvDim, blockSize, type);
    }

    /** Memory allocated so far: the chunks of blocks some block of which was ever handed out (kept for reuse). */
    public long allocatedBytes() {
        return storedBlocks * bytesPerBlock();
    }

    public PrefixCache prefixes() {
        return prefixes;
    }
}
