package dev.llmsuite.transformer.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.cache.BlockTable;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.kernels.PairedHalves;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attention over the paged cache, one block per tile with an online softmax, against the textbook
 * formula softmax(q k^T / sqrt(d)) v over the same keys and values laid out contiguously.
 */
class BlockedAttentionTest {

    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HEAD_SIZE = 16;
    private static final int KV_DIM = KV_HEADS * HEAD_SIZE;
    private static final Duration JIT_PATIENCE = Duration.ofMinutes(3);

    /** Keys and values of one sequence in a pool whose blocks were handed out in scrambled order. */
    private record Cached(BlockPool pool, int[] table) {
    }

    @ParameterizedTest(name = "{0} positions, {1} queries, block {2}")
    @CsvSource({
            "1, 1, 1", "7, 7, 4", "33, 33, 8", "64, 1, 64", "100, 100, 16", "257, 40, 32", "300, 1, 7", "515, 3, 128", "1000, 1, 1000"})
    void equalsNaiveAttention(int positions, int queries, int blockSize) {
        SplittableRandom random = new SplittableRandom(positions * 31L + blockSize);
        float[] keys = gaussian(random, positions * KV_DIM, 2f);
        float[] values = gaussian(random, positions * KV_DIM, 1f);
        float[] q = gaussian(random, queries * HEADS * HEAD_SIZE, 2f);
        int first = positions - queries;
        Cached cached = cache(keys, values, positions, blockSize, KvCacheType.F32);

        float[] blocked = new float[q.length];
        Batch batch = Batch.builder().add(cached.table, new int[queries], 0, queries, first, false).build();
        new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE).attend(q, batch, cached.pool, 0, blocked);
        float[] naive = NaiveAttention.attend(q, queries, first, keys, values, HEADS, KV_HEADS, HEAD_SIZE);
        assertTrue(relativeError(blocked, naive) < 1e-5, "relative error " + relativeError(blocked, naive));
    }

    /**
     * A half-precision cache computes the formula over the keys and values rounded to half
     * precision (by the JDK's own conversion), partly filled blocks and windows included.
     */
    @ParameterizedTest(name = "{0} positions, {1} queries, block {2}, window {3}")
    @CsvSource({"1, 1, 1, 0", "33, 33, 8, 0", "100, 100, 16, 0", "257, 40, 32, 0", "300, 1, 7, 0", "1000, 1, 16, 0", "300, 40, 16, 100",
            "70, 70, 8, 1"})
    void halfPrecisionCacheEqualsNaiveAttentionOverRoundedKeysAndValues(int positions, int queries, int blockSize, int window) {
        SplittableRandom random = new SplittableRandom(positions * 13L + blockSize);
        float[] keys = gaussian(random, positions * KV_DIM, 2f);
        float[] values = gaussian(random, positions * KV_DIM, 1f);
        float[] q = gaussian(random, queries * HEADS * HEAD_SIZE, 2f);
        int first = positions - queries;
        float scale = (float) (1.0 / Math.sqrt(HEAD_SIZE));
        Cached cached = cache(keys, values, positions, blockSize, KvCacheType.F16);

        float[] blocked = new float[q.length];
        Batch batch = Batch.builder().add(cached.table, new int[queries], 0, queries, first, false).build();
        new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE, scale, 0f, window).attend(q, batch, cached.pool, 0, blocked);
        float[] naive = NaiveAttention.attend(q, queries, first, roundedToHalf(keys), roundedToHalf(values), HEADS, KV_HEADS, HEAD_SIZE,
                scale, 0, window);
        assertTrue(relativeError(blocked, naive) < 1e-5, "relative error " + relativeError(blocked, naive));
        float[] unrounded = NaiveAttention.attend(q, queries, first, keys, values, HEADS, KV_HEADS, HEAD_SIZE, scale, 0, window);
        assertTrue(relativeError(blocked, unrounded) > 1e-5, "the cache rounds: " + relativeError(blocked, unrounded));
    }

    /**
     * A half-precision cache computes, bit for bit, what a float cache holding the same keys and
     * values rounded to half precision computes: widening is exact and the kernels add up in the
     * same order, whether they read the tiles in place (head sizes of whole runs of vectors) or
     * widened into scratch (head size 16, blocks of 7). Decoding rows and prompt runs; the values
     * include subnormal halves, zeros of both signs and values beyond the half range, which the
     * cache saturates.
     */
    @ParameterizedTest(name = "head size {0}, block {1}, {2} positions, {3} queries")
    @CsvSource({"64, 16, 300, 1", "64, 16, 100, 37", "128, 32, 257, 3", "64, 7, 50, 5", "16, 16, 40, 40"})
    void aHalfCacheGivesTheBitsOfAFloatCacheOfTheRoundedValues(int headSize, int blockSize, int positions, int queries) {
        SplittableRandom random = new SplittableRandom(headSize * 7L + positions);
        float[] keys = withSpecialValues(gaussian(random, positions * KV_HEADS * headSize, 2f));
        float[] values = withSpecialValues(gaussian(random, positions * KV_HEADS * headSize, 1f));
        float[] q = gaussian(random, queries * HEADS * headSize, 0.5f);
        float[] rounded = new float[keys.length];
        float[] roundedValues = new float[values.length];
        for (int i = 0; i < keys.length; i++) {
            rounded[i] = Float.float16ToFloat(PairedHalves.toHalf(keys[i]));
            roundedValues[i] = Float.float16ToFloat(PairedHalves.toHalf(values[i]));
        }
        BlockedAttention attention = new BlockedAttention(HEADS, KV_HEADS, headSize);
        float[] half = new float[q.length];
        Cached halves = fill(KvCacheType.F16, keys, values, headSize, blockSize, positions);
        attention.attend(q, lastPositions(halves, positions, queries), halves.pool, 0, half);
        float[] single = new float[q.length];
        Cached floats = fill(KvCacheType.F32, rounded, roundedValues, headSize, blockSize, positions);
        attention.attend(q, lastPositions(floats, positions, queries), floats.pool, 0, single);
        assertArrayEquals(single, half);
    }

    private static Cached fill(KvCacheType type, float[] keys, float[] values, int headSize, int blockSize, int positions) {
        int blocks = (positions + blockSize - 1) / blockSize;
        BlockPool pool = new BlockPool(1, KV_HEADS, headSize, blockSize, blocks, type, false);
        BlockTable table = new BlockTable();
        pool.grow(table, blocks);
        pool.write(0, Batch.builder().add(table.toArray(), new int[positions], 0, positions, 0, false).build(), keys, values);
        return new Cached(pool, table.toArray());
    }

    private static Batch lastPositions(Cached cached, int positions, int queries) {
        return Batch.builder().add(cached.table, new int[queries], 0, queries, positions - queries, false).build();
    }

    private static float[] withSpecialValues(float[] values) {
        for (int i = 0; i < values.length; i += 37) {
            values[i] = switch (i / 37 % 5) {
                case 0 -> 3e-6f;
                case 1 -> -0f;
                case 2 -> -5e-7f;
                case 3 -> 7e4f;
                default -> -65504f;
            };
        }
        return values;
    }

    private static float[] roundedToHalf(float[] values) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
        }
        return rounded;
    }

    /** Sliding windows shorter and longer than a block, soft-capped scores, and a scale other than 1/sqrt(d). */
    @ParameterizedTest(name = "{0} positions, {1} queries, block {2}, window {3}, cap {4}")
    @CsvSource({
            "100, 100, 16, 8, 0", "100, 1, 16, 8, 0", "300, 40, 32, 100, 0", "257, 257, 64, 64, 0", "70, 70, 8, 1, 0",
            "100, 100, 16, 0, 2.5", "300, 3, 32, 50, 1", "64, 64, 64, 200, 0.5"})
    void windowsAndSoftCapsEqualNaiveAttention(int positions, int queries, int blockSize, int window, double cap) {
        SplittableRandom random = new SplittableRandom(positions * 17L + window);
        float[] keys = gaussian(random, positions * KV_DIM, 2f);
        float[] values = gaussian(random, positions * KV_DIM, 1f);
        float[] q = gaussian(random, queries * HEADS * HEAD_SIZE, 2f);
        int first = positions - queries;
        float scale = 0.2f;

        float[] blocked = new float[q.length];
        Cached cached = cache(keys, values, positions, blockSize, KvCacheType.F32);
        Batch batch = Batch.builder().add(cached.table, new int[queries], 0, queries, first, false).build();
        new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE, scale, (float) cap, window).attend(q, batch, cached.pool, 0, blocked);
        float[] naive = NaiveAttention.attend(q, queries, first, keys, values, HEADS, KV_HEADS, HEAD_SIZE, scale, cap, window);
        assertTrue(relativeError(blocked, naive) < 1e-5, "relative error " + relativeError(blocked, naive));
    }

    private static double relativeError(float[] actual, float[] expected) {
        double error = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            error += (actual[i] - expected[i]) * (double) (actual[i] - expected[i]);
            norm += expected[i] * (double) expected[i];
        }
        return Math.sqrt(error / norm);
    }

    /** Rows of two sequences in one batch each see only their own sequence, exactly as when alone. */
    @Test
    void rowsAttendOnlyToTheirOwnSequence() {
        SplittableRandom random = new SplittableRandom(7);
        BlockPool pool = new BlockPool(1, KV_HEADS, HEAD_SIZE, 8, 16, KvCacheType.F32, false);
        BlockTable ownedA = new BlockTable();
        BlockTable ownedB = new BlockTable();
        pool.grow(ownedB, 1);
        pool.grow(ownedA, 6);
        pool.grow(ownedB, 3);
        int[] tableA = ownedA.toArray();
        int[] tableB = ownedB.toArray();
        float[] kvA = gaussian(random, 45 * KV_DIM, 1f);
        float[] kvB = gaussian(random, 20 * KV_DIM, 1f);
        pool.write(0, Batch.builder().add(tableA, new int[45], 0, 45, 0, false).build(), kvA, kvA);
        pool.write(0, Batch.builder().add(tableB, new int[20], 0, 20, 0, false).build(), kvB, kvB);
        float[] qa = gaussian(random, 3 * HEADS * HEAD_SIZE, 1f);
        float[] qb = gaussian(random, HEADS * HEAD_SIZE, 1f);

        BlockedAttention attention = new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE);
        float[] both = new float[qa.length + qb.length];
        System.arraycopy(qa, 0, both, 0, qa.length);
        System.arraycopy(qb, 0, both, qa.length, qb.length);
        float[] together = new float[both.length];
        attention.attend(both, Batch.builder().add(tableA, new int[3], 0, 3, 42, false).add(tableB, new int[1], 0, 1, 19, false).build(),
                pool, 0, together);
        float[] aloneA = new float[qa.length];
        attention.attend(qa, Batch.builder().add(tableA, new int[3], 0, 3, 42, false).build(), pool, 0, aloneA);
        float[] aloneB = new float[qb.length];
        attention.attend(qb, Batch.builder().add(tableB, new int[1], 0, 1, 19, false).build(), pool, 0, aloneB);

        float[] expected = new float[together.length];
        System.arraycopy(aloneA, 0, expected, 0, aloneA.length);
        System.arraycopy(aloneB, 0, expected, aloneA.length, aloneB.length);
        assertArrayEquals(expected, together);
    }

    /**
     * A task that takes several query heads of one key/value head (reading each tile once for
     * them) gives each head the same bits as a task per head: prompt runs and decoding rows of
     * three sequences, a float and a half-precision cache.
     */
    @ParameterizedTest
    @EnumSource(KvCacheType.class)
    void queryHeadsSharingAKeyValueHeadGetTheSameBitsInOneTask(KvCacheType type) {
        SplittableRandom random = new SplittableRandom(11);
        int heads = 8;
        int kvHeads = 2;
        int blockSize = 16;
        int kvDim = kvHeads * HEAD_SIZE;
        BlockPool pool = new BlockPool(1, kvHeads, HEAD_SIZE, blockSize, 64, type, false);
        int[] lengths = {70, 33, 129};
        int[][] tables = new int[lengths.length][];
        for (int s = 0; s < lengths.length; s++) {
            BlockTable owned = new BlockTable();
            pool.grow(owned, (lengths[s] + blockSize - 1) / blockSize);
            tables[s] = owned.toArray();
            float[] keys = gaussian(random, lengths[s] * kvDim, 2f);
            float[] values = gaussian(random, lengths[s] * kvDim, 1f);
            pool.write(0, Batch.builder().add(tables[s], new int[lengths[s]], 0, lengths[s], 0, false).build(), keys, values);
        }
        int[] queries = {20, 1, 1};
        Batch.Builder builder = Batch.builder();
        int rows = 0;
        for (int s = 0; s < lengths.length; s++) {
            builder.add(tables[s], new int[queries[s]], 0, queries[s], lengths[s] - queries[s], false);
            rows += queries[s];
        }
        Batch batch = builder.build();
        float[] q = gaussian(random, rows * heads * HEAD_SIZE, 2f);
        BlockedAttention attention = new BlockedAttention(heads, kvHeads, HEAD_SIZE);
        float[] perHead = new float[q.length];
        attention.attend(q, batch, pool, 0, perHead, 1);
        for (int headsPerTask : new int[] {2, 4}) {
            float[] grouped = new float[q.length];
            attention.attend(q, batch, pool, 0, grouped, headsPerTask);
            assertArrayEquals(perHead, grouped, headsPerTask + " heads per task");
        }
    }

    /**
     * Decoding one query over 512 or 16,384 cached positions allocates the same small scratch:
     * one block of scores and one head of values, never a row of n scores.
     *
     * <p>Until the JIT has compiled the kernel, the Vector API boxes every vector on the heap, so
     * an early call allocates in proportion to the context whatever the algorithm. The JIT
     * compiles on background threads, as fast as the machine lets it: the test keeps decoding
     * until a call of each size allocates only the scratch, and fails if they still allocate
     * more after minutes, far longer than compiling takes on a loaded machine.
     */
    @ParameterizedTest
    @EnumSource(KvCacheType.class)
    void scratchMemoryDoesNotGrowWithContext(KvCacheType type) {
        int blockSize = 64;
        Decode small = new Decode(512, blockSize, type);
        Decode large = new Decode(16_384, blockSize, type);
        long deadline = System.nanoTime() + JIT_PATIENCE.toNanos();
        long smallBytes;
        long largeBytes;
        do {
            smallBytes = small.allocatedByOneCallAfterWarmUp();
            largeBytes = large.allocatedByOneCallAfterWarmUp();
        } while (!(largeBytes < smallBytes + 1024 && largeBytes < 16_384 * 4) && System.nanoTime() < deadline);
        assertTrue(largeBytes < smallBytes + 1024, "scratch grew from " + smallBytes + " to " + largeBytes + " bytes");
        assertTrue(largeBytes < 16_384 * 4, "a row of scores would take " + 16_384 * 4 + " bytes; used " + largeBytes);
    }

    /** One head, one query: the work runs on this thread, so its allocation counter sees it all. */
    private static final class Decode {
        private final BlockedAttention attention = new BlockedAttention(1, 1, HEAD_SIZE);
        private final BlockPool pool;
        private final Batch decode;
        private final float[] q;
        private final float[] out = new float[HEAD_SIZE];

        Decode(int positions, int blockSize, KvCacheType type) {
            SplittableRandom random = new SplittableRandom(positions);
            this.pool = new BlockPool(1, 1, HEAD_SIZE, blockSize, positions / blockSize, type, false);
            BlockTable table = new BlockTable();
            pool.grow(table, positions / blockSize);
            float[] kv = gaussian(random, positions * HEAD_SIZE, 1f);
            pool.write(0, Batch.builder().add(table.toArray(), new int[positions], 0, positions, 0, false).build(), kv, kv);
            this.q = gaussian(random, HEAD_SIZE, 1f);
            this.decode = Batch.builder().add(table.toArray(), new int[1], 0, 1, positions - 1, false).build();
        }

        long allocatedByOneCallAfterWarmUp() {
            for (int i = 0; i < 200; i++) {
                attention.attend(q, decode, pool, 0, out);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            attention.attend(q, decode, pool, 0, out);
            return threads.getCurrentThreadAllocatedBytes() - before;
        }
    }

    /** Writes contiguous keys and values (position-major) into a fresh pool through a table whose blocks are not in pool order. */
    private static Cached cache(float[] keys, float[] values, int positions, int blockSize, KvCacheType type) {
        int blocks = (positions + blockSize - 1) / blockSize;
        BlockPool pool = new BlockPool(1, KV_HEADS, HEAD_SIZE, blockSize, 2 * blocks + 2, type, false);
        BlockTable table = new BlockTable();
        pool.grow(table, 2 * blocks + 2);
        List<Integer> ids = new ArrayList<>();
        for (int id : table.toArray()) {
            ids.add(id);
        }
        Collections.shuffle(ids, new Random(positions));
        int[] scrambled = ids.subList(0, blocks).stream().mapToInt(Integer::intValue).toArray();
        pool.write(0, Batch.builder().add(scrambled, new int[positions], 0, positions, 0, false).build(), keys, values);
        return new Cached(pool, scrambled);
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
