package dev.llmsuite.transformer.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Tiled online-softmax attention against the textbook formula softmax(q k^T / sqrt(d)) v. */
class BlockedAttentionTest {

    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HEAD_SIZE = 16;
    private static final Duration JIT_PATIENCE = Duration.ofMinutes(3);

    @ParameterizedTest(name = "{0} positions, {1} queries, tile {2}")
    @CsvSource({
            "1, 1, 1", "7, 7, 4", "33, 33, 8", "64, 1, 64", "100, 100, 16", "257, 40, 32", "300, 1, 7", "515, 3, 128", "1000, 1, 1000"})
    void equalsNaiveAttention(int positions, int queries, int tile) {
        SplittableRandom random = new SplittableRandom(positions * 31L + tile);
        int kvDim = KV_HEADS * HEAD_SIZE;
        float[] keys = gaussian(random, positions * kvDim, 2f);
        float[] values = gaussian(random, positions * kvDim, 1f);
        float[] q = gaussian(random, queries * HEADS * HEAD_SIZE, 2f);
        int first = positions - queries;

        float[] blocked = new float[q.length];
        new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE, tile).attend(q, queries, first, keys, values, blocked);
        float[] naive = NaiveAttention.attend(q, queries, first, keys, values, HEADS, KV_HEADS, HEAD_SIZE);

        double error = 0;
        double norm = 0;
        for (int i = 0; i < q.length; i++) {
            error += (blocked[i] - naive[i]) * (double) (blocked[i] - naive[i]);
            norm += naive[i] * (double) naive[i];
        }
        assertTrue(Math.sqrt(error / norm) < 1e-5, "relative error " + Math.sqrt(error / norm));
    }

    /**
     * Decoding one query over 512 or 16,384 cached positions allocates the same small scratch:
     * one tile of scores and one head of values, never a row of n scores.
     *
     * <p>Until the JIT has compiled the kernel, the Vector API boxes every vector on the heap, so
     * an early call allocates in proportion to the context whatever the algorithm. The JIT
     * compiles on background threads, as fast as the machine lets it: the test keeps decoding
     * until a call of each size allocates only the scratch, and fails if they still allocate
     * more after minutes, far longer than compiling takes on a loaded machine.
     */
    @Test
    void scratchMemoryDoesNotGrowWithContext() {
        int tile = 64;
        Decode small = new Decode(512, tile);
        Decode large = new Decode(16_384, tile);
        long deadline = System.nanoTime() + JIT_PATIENCE.toNanos();
        long smallBytes;
        long largeBytes;
        do {
            smallBytes = small.allocatedByOneCallAfterWarmUp();
            largeBytes = large.allocatedByOneCallAfterWarmUp();
        } while (!(largeBytes < smallBytes + 1024 && largeBytes < 16_384 * 4) && System.nanoTime() < deadline);
        assertTrue(largeBytes < smallBytes + 1024, "scratch grew from " + smallBytes + " to " + largeBytes + " bytes");
        assertTrue(largeBytes < 16_384 * 4, "a row of scores would take " + 16_384 * 4 + " bytes; used " + largeBytes);
        assertEquals(4L * (tile + HEAD_SIZE), 4L * new BlockedAttention(1, 1, HEAD_SIZE, tile).scratchFloats());
    }

    /** One head, one query: the work runs on this thread, so its allocation counter sees it all. */
    private static final class Decode {
        private final BlockedAttention attention;
        private final int positions;
        private final float[] keys;
        private final float[] values;
        private final float[] q;
        private final float[] out = new float[HEAD_SIZE];

        Decode(int positions, int tile) {
            SplittableRandom random = new SplittableRandom(positions);
            this.attention = new BlockedAttention(1, 1, HEAD_SIZE, tile);
            this.positions = positions;
            this.keys = gaussian(random, positions * HEAD_SIZE, 1f);
            this.values = gaussian(random, positions * HEAD_SIZE, 1f);
            this.q = gaussian(random, HEAD_SIZE, 1f);
        }

        long allocatedByOneCallAfterWarmUp() {
            for (int i = 0; i < 200; i++) {
                attention.attend(q, 1, positions - 1, keys, values, out);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            attention.attend(q, 1, positions - 1, keys, values, out);
            return threads.getCurrentThreadAllocatedBytes() - before;
        }
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
