package dev.llmsuite.transformer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.transformer.batch.Batch;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The block pool's accounting: references, copy-on-write, and the prefix cache with its LRU eviction. */
class BlockPoolTest {

    private static final int BLOCK = 4;
    private static final int KV_DIM = 2;

    private static int[] tokens(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    /** A table of {@code blocks} blocks holding {@code tokens}, each full block registered in the prefix cache. */
    private static BlockTable filled(BlockPool pool, int[] tokens) {
        BlockTable table = new BlockTable();
        assertTrue(pool.grow(table, pool.blocksFor(tokens.length)));
        long key = PrefixCache.start();
        for (int b = 0; b < tokens.length / BLOCK; b++) {
            key = PrefixCache.chain(key, tokens, b * BLOCK, BLOCK);
            pool.register(table, b, key, tokens);
        }
        return table;
    }

    /**
     * Sequences that grow side by side, a block each in turn, still hold their blocks in runs: each
     * takes the blocks kept for it after its last one. When no other block is free, the kept ones
     * go to whoever asks; given back, they are free again.
     */
    @Test
    void sequencesGrowingInTurnHoldTheirBlocksInRuns() {
        int sequences = 3;
        int capacity = 64;
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, capacity, KvCacheType.F32, false);
        BlockTable[] tables = new BlockTable[sequences];
        for (int s = 0; s < sequences; s++) {
            tables[s] = new BlockTable();
        }
        int run = BlockPool.RUN_AHEAD + 1;
        for (int blocks = 1; blocks <= 2 * run; blocks++) {
            for (BlockTable table : tables) {
                assertTrue(pool.grow(table, blocks));
            }
        }
        for (int s = 0; s < sequences; s++) {
            int[] ids = tables[s].toArray();
            int breaks = 0;
            for (int i = 1; i < ids.length; i++) {
                breaks += ids[i] == ids[i - 1] + 1 ? 0 : 1;
            }
            assertTrue(breaks <= ids.length / run - 1, "sequence " + s + ": " + Arrays.toString(ids));
        }
        assertEquals(capacity - 2 * run * sequences, pool.available());
        assertEquals(capacity - 2 * run * sequences, pool.free());
        assertEquals(0, pool.cached());

        BlockTable last = new BlockTable();
        assertTrue(pool.grow(last, pool.available()), "blocks kept for others are free to take");
        assertEquals(0, pool.available());
        assertFalse(pool.grow(tables[0], 2 * run + 1));
        Set<Integer> all = new HashSet<>();
        for (BlockTable table : tables) {
            pool.releaseAll(table);
        }
        pool.releaseAll(last);
        assertEquals(capacity, pool.available());
        assertEquals(capacity, pool.free());
        BlockTable whole = new BlockTable();
        assertTrue(pool.grow(whole, capacity));
        for (int id : whole.toArray()) {
            all.add(id);
        }
        assertEquals(capacity, all.size(), "every block once");
    }

    @Test
    void blocksAreHandedOutOnceUntilThePoolIsEmptyAndComeBackWhenReleased() {
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, 3, KvCacheType.F32, false);
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ids.add(pool.allocate());
        }
        assertEquals(Set.of(0, 1, 2), ids);
        assertEquals(-1, pool.allocate());
        assertEquals(0, pool.available());
        pool.retain(1);
        pool.release(1);
        assertEquals(0, pool.available(), "still read by its first owner");
        pool.release(1);
        assertEquals(1, pool.available());
        assertEquals(1, pool.allocate());
        assertThrows(IllegalStateException.class, () -> {
            pool.release(0);
            pool.release(0);
        });
    }

    /**
     * A table's blocks are consecutive and ascending, also when they were another table's before:
     * attention then reads each head's keys and values as one run of memory.
     */
    @Test
    void tablesGetConsecutiveBlocksInOrderAlsoAfterAnotherTableReleasedThem() {
        int chunkBlocks = TileStorage.CHUNK_POSITIONS / BLOCK;
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, 3 * chunkBlocks, KvCacheType.F32, false);
        BlockTable first = new BlockTable();
        pool.grow(first, chunkBlocks + 6);
        assertArrayEquals(IntStream.range(0, chunkBlocks + 6).toArray(), first.toArray());
        assertEquals(2L * chunkBlocks * pool.bytesPerBlock(), pool.allocatedBytes(), "two chunks of " + chunkBlocks + " blocks");
        pool.releaseAll(first);
        BlockTable second = new BlockTable();
        pool.grow(second, 5);
        assertArrayEquals(IntStream.range(0, 5).toArray(), second.toArray());
    }

    @Test
    void growingFailsWithoutTakingAnythingWhenTooFewBlocksAreLeft() {
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, 3, KvCacheType.F32, false);
        BlockTable table = new BlockTable();
        assertFalse(pool.grow(table, 4));
        assertEquals(0, table.size());
        assertEquals(3, pool.available());
    }

    /** The first {@code length} values of the block's value tile (slot after slot). */
    private static float[] values(BlockPool pool, int block, int length) {
        TileView view = pool.newView();
        pool.read(block, 0, 0, 0, BLOCK, view);
        return Arrays.copyOfRange(view.values(), view.valueStart(), view.valueStart() + length);
    }

    /** The first {@code length} values of the block's key tile (dimension after dimension). */
    private static float[] keys(BlockPool pool, int block, int length) {
        TileView view = pool.newView();
        pool.read(block, 0, 0, 0, BLOCK, view);
        return Arrays.copyOfRange(view.keys(), view.keyStart(), view.keyStart() + length);
    }

    @ParameterizedTest
    @EnumSource(KvCacheType.class)
    void aSharedBlockIsCopiedBeforeItIsWrittenAndTheOtherReaderKeepsTheOriginal(KvCacheType type) {
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, 4, type, false);
        BlockTable first = new BlockTable();
        pool.grow(first, 1);
        float[] k = {1, 2, 3, 4};
        pool.write(0, Batch.builder().add(first.toArray(), new int[2], 0, 2, 0, false).build(), k, k);
        BlockTable second = new BlockTable();
        pool.share(first, second);
        int original = first.block(0);
        float[] sixth = {6, 6};
        Batch write = Batch.builder().add(second.toArray(), new int[1], 0, 1, 2, false).build();
        assertThrows(IllegalStateException.class, () -> pool.write(0, write, sixth, sixth), "a shared block is never written");

        assertTrue(pool.makeWritable(second, 0));
        assertNotEquals(original, second.block(0));
        pool.write(0, Batch.builder().add(second.toArray(), new int[1], 0, 1, 2, false).build(), sixth, sixth);
        assertArrayEquals(new float[] {1, 2, 3, 4, 6, 6}, values(pool, second.block(0), 6));
        assertArrayEquals(new float[] {1, 2, 3, 4, 0, 0}, values(pool, original, 6));
        // Keys are stored dimension by dimension: first dimension of slots 0..3, then the second.
        assertArrayEquals(new float[] {1, 3, 6, 0, 2, 4, 6, 0}, keys(pool, second.block(0), 8));
        assertArrayEquals(new float[] {1, 3, 0, 0, 2, 4, 0, 0}, keys(pool, original, 8));
        assertTrue(pool.makeWritable(first, 0), "the last reader writes in place");
        assertEquals(original, first.block(0));
    }

    @Test
    void theLongestCachedPrefixIsReusedButNeverTheLastToken() {
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, 16, KvCacheType.F32, true);
        int[] story = tokens(100, 12);
        pool.releaseAll(filled(pool, story));
        assertEquals(3, pool.cached());

        BlockTable same = new BlockTable();
        assertEquals(8, pool.reusePrefix(same, story, 12), "three full blocks are cached, but the last token's logits are needed");
        int[] branch = story.clone();
        branch[6] = 7;
        BlockTable other = new BlockTable();
        assertEquals(4, pool.reusePrefix(other, branch, 12), "the match ends at the first block that differs");
        assertEquals(same.block(0), other.block(0));
        int[] shifted = tokens(101, 12);
        assertEquals(0, pool.reusePrefix(new BlockTable(), shifted, 12), "keys cover every earlier token, not just the block's own");
    }

    @Test
    void unusedCachedBlocksAreEvictedLeastRecentlyUsedFirstAndOnlyWhenNothingIsFree() {
        BlockPool pool = new BlockPool(1, 1, KV_DIM, BLOCK, 4, KvCacheType.F32, true);
        int[] a = tokens(0, 5);
        int[] b = tokens(50, 5);
        pool.releaseAll(filled(pool, a));
        pool.releaseAll(filled(pool, b));
        assertEquals(2, pool.cached());
        assertEquals(2, pool.free());
        // Reusing a's block makes it the most recently used.
        BlockTable reuse = new BlockTable();
        assertEquals(4, pool.reusePrefix(reuse, a, 5));
        pool.releaseAll(reuse);

        BlockTable taker = new BlockTable();
        assertTrue(pool.grow(taker, 2));
        assertEquals(2, pool.cached(), "free blocks go first");
        assertTrue(pool.grow(taker, 3));
        assertEquals(1, pool.cached());
        assertEquals(0, pool.reusePrefix(new BlockTable(), b, 5), "b's block was the least recently used, so it went");
        BlockTable stillThere = new BlockTable();
        assertEquals(4, pool.reusePrefix(stillThere, a, 5));
        assertEquals(0, pool.available(), "a block in use is never evicted");
        assertFalse(pool.grow(taker, 4));
    }
}
