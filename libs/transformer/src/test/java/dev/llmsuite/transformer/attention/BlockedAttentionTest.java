package dev.llmsuite.transformer.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Tiled online-softmax attention against the textbook formula softmax(q k^T / sqrt(d)) v. */
class BlockedAttentionTest {

    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HEAD_SIZE = 16;

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
        assertTrue(relativeError(blocked, naive) < 1e-5, "relative error " + relativeError(blocked, naive));
    }

    /** Sliding windows shorter and longer than a tile, soft-capped scores, and a scale other than 1/sqrt(d). */
    @ParameterizedTest(name = "{0} positions, {1} queries, tile {2}, window {3}, cap {4}")
    @CsvSource({
            "100, 100, 16, 8, 0", "100, 1, 16, 8, 0", "300, 40, 32, 100, 0", "257, 257, 64, 64, 0", "70, 70, 8, 1, 0",
            "100, 100, 16, 0, 2.5", "300, 3, 32, 50, 1", "64, 64, 64, 200, 0.5"})
    void windowsAndSoftCapsEqualNaiveAttention(int positions, int queries, int tile, int window, double cap) {
        SplittableRandom random = new SplittableRandom(positions * 17L + window);
        int kvDim = KV_HEADS * HEAD_SIZE;
        float[] keys = gaussian(random, positions * kvDim, 2f);
        float[] values = gaussian(random, positions * kvDim, 1f);
        float[] q = gaussian(random, queries * HEADS * HEAD_SIZE, 2f);
        int first = positions - queries;
        float scale = 0.2f;

        float[] blocked = new float[q.length];
        new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE, tile, scale, (float) cap, window).attend(q, queries, first, keys, values, blocked);
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

    /**
     * Decoding one query over 512 or 16,384 cached positions allocates the same small scratch:
     * one tile of scores and one head of values, never a row of n scores.
     */
    @Test
    void scratchMemoryDoesNotGrowWithContext() {
        int tile = 64;
        long small = allocatedForDecode(512, tile);
        long large = allocatedForDecode(16_384, tile);
        BlockedAttention attention = new BlockedAttention(1, 1, HEAD_SIZE, tile);
        long scratchBytes = 4L * attention.scratchFloats();
        assertTrue(large < small + 1024, "scratch grew from " + small + " to " + large + " bytes");
        assertTrue(large < 16_384 * 4, "a row of scores would take " + 16_384 * 4 + " bytes; used " + large);
        assertEquals(4L * (tile + HEAD_SIZE), scratchBytes);
    }

    private static long allocatedForDecode(int positions, int tile) {
        SplittableRandom random = new SplittableRandom(positions);
        float[] keys = gaussian(random, positions * HEAD_SIZE, 1f);
        float[] values = gaussian(random, positions * HEAD_SIZE, 1f);
        float[] q = gaussian(random, HEAD_SIZE, 1f);
        float[] out = new float[HEAD_SIZE];
        // One head, one query: the work runs on this thread, so its allocation counter sees it all.
        BlockedAttention attention = new BlockedAttention(1, 1, HEAD_SIZE, tile);
        // Until the JIT compiles the kernel, the Vector API boxes every vector on the heap; measure compiled code.
        for (int i = 0; i < 200; i++) {
            attention.attend(q, 1, positions - 1, keys, values, out);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        attention.attend(q, 1, positions - 1, keys, values, out);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
