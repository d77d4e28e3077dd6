package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.transformer.tensor.TestValues;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels that compute several dot products or several weighted sums at once must give, bit
 * for bit, what one at a time gives: a row's result may not depend on how many rows or positions
 * were computed beside it. Lengths that are not multiples of the vector width run their tails.
 */
class TiledKernelsTest {

    /**
     * Scores of a tile of keys stored dimension by dimension (in the kernel's reading order; every
     * dimension has a row of its own): a key's score is the same bits in a
     * vector lane as in the scalar tail, wherever in the tile it sits and whichever part of the
     * tile is scored, and the same bits as the dot product of the key stored as a row ({@link #rowDot}).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 8, 15, 16, 17, 31, 32, 33, 64, 80, 128, 129})
    void keyScoresDoNotDependOnTheirPlaceInATile(int n) {
        assertArrayEquals(java.util.stream.IntStream.range(0, n).toArray(),
                java.util.stream.IntStream.range(0, n).map(d -> KeyScores.storedRow(d, n)).sorted().toArray());
        for (int tileSize : new int[] {1, 7, 16, 37}) {
            float[] q = TestValues.of(TestValues.Kind.GAUSSIAN, n + 3, 1);
            float[] keys = TestValues.of(TestValues.Kind.GAUSSIAN, 5 + n * tileSize, 2);
            float[] whole = new float[tileSize];
            KeyScores.score(q, 3, keys, 5, tileSize, 0, tileSize, n, whole, 0);
            for (int j = 0; j < tileSize; j++) {
                float[] alone = new float[tileSize];
                KeyScores.score(q, 3, keys, 5, tileSize, j, j + 1, n, alone, 0);
                float[] rest = new float[tileSize];
                KeyScores.score(q, 3, keys, 5, tileSize, j, tileSize, n, rest, 0);
                assertEquals(whole[j], alone[j], "key " + j + " of " + tileSize + ", length " + n + ", alone");
                assertEquals(whole[j], rest[j], "key " + j + " of " + tileSize + ", length " + n + ", from its own place");
                float[] row = new float[n];
                for (int d = 0; d < n; d++) {
                    row[d] = keys[5 + KeyScores.storedRow(d, n) * tileSize + j];
                }
                assertEquals(rowDot(q, 3, row, n), whole[j], "key " + j + " of " + tileSize + ", length " + n + ", as a row");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 15, 16, 17, 31, 32, 33, 64, 80, 100, 129})
    void weightedSumOfManyIsTheSumOfOneAtATime(int n) {
        int count = 9;
        int stride = n + 2;
        float[] weights = TestValues.of(TestValues.Kind.POSITIVE, count + 4, 3);
        float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, 5 + count * stride, 4);
        float[] start = TestValues.of(TestValues.Kind.GAUSSIAN, n, 5);
        float[] oneAtATime = start.clone();
        for (int j = 0; j < count; j++) {
            VectorAxpy.apply(weights[4 + j], x, 5 + j * stride, oneAtATime, n);
        }
        float[] together = start.clone();
        VectorAxpy.applyMany(weights, 4, count, x, 5, stride, together, n);
        assertArrayEquals(oneAtATime, together);
    }

    /**
     * Two or four queries scored against one tile of paired half-float keys, each key widened once
     * for all of them, give each query the bits it gets alone; so do two or four queries weighing
     * the tile's values. The queries and their sums sit anywhere (the heads of a group, the rows of
     * a prompt chunk). Head sizes that {@link PairedHalves#readInPlace} accepts, tiles of one to
     * three vectors.
     */
    @ParameterizedTest
    @CsvSource({"2, 64", "4, 64", "2, 128", "4, 128", "4, 256"})
    void queriesOverOneHalfFloatTileGetWhatEachGetsAlone(int count, int n) {
        int lanes = VectorDot.F.length();
        int[] queries = {1, 2 + 3 * n, 2, 2 + n, 5 + 2 * n / 3};
        int[] sums = {0, 7, 1, 4, 2};
        for (int stride = lanes; stride <= 3 * lanes; stride += lanes) {
            assertTrue(PairedHalves.readInPlace(n, stride));
            int[] keys = halves(3 + PairedHalves.keyTileInts(n, stride), 6);
            float[] q = TestValues.of(TestValues.Kind.GAUSSIAN, 2 + 4 * n, 7);
            float[] together = new float[1 + 4 * stride];
            KeyScores.scoreQueries(q, queries, 1, count, keys, 3, stride, n, together, 1);
            for (int k = 0; k < 4; k++) {
                float[] alone = new float[1 + 4 * stride];
                if (k < count) {
                    KeyScores.score(q, queries[1 + k], keys, 3, stride, n, alone, 1 + k * stride);
                }
                assertArrayEquals(Arrays.copyOfRange(alone, 1 + k * stride, 1 + (k + 1) * stride),
                        Arrays.copyOfRange(together, 1 + k * stride, 1 + (k + 1) * stride), "query " + k + ", tile of " + stride);
            }

            int valueInts = PairedHalves.valueInts(n);
            int[] values = halves(5 + stride * valueInts, 8);
            float[] weights = TestValues.of(TestValues.Kind.POSITIVE, 4 + 4 * stride, 9);
            float[][] accumulators = new float[9][];
            for (int a = 0; a < accumulators.length; a++) {
                accumulators[a] = TestValues.of(TestValues.Kind.GAUSSIAN, n, 10 + a);
            }
            float[][] expected = new float[accumulators.length][];
            for (int a = 0; a < accumulators.length; a++) {
                expected[a] = accumulators[a].clone();
            }
            int slots = stride - 3;
            for (int k = 0; k < count; k++) {
                VectorAxpy.applyMany(weights, 4 + k * stride + 2, slots, values, 5 + 2 * valueInts, valueInts, expected[sums[1 + k]], n);
            }
            VectorAxpy.applyManyQueries(weights, 6, stride, slots, values, 5 + 2 * valueInts, valueInts, accumulators, sums, 1, count, n);
            for (int a = 0; a < accumulators.length; a++) {
                assertArrayEquals(expected[a], accumulators[a], "sum " + a + ", tile of " + stride);
            }
        }
    }

    /** {@code count} ints of two random finite halves each. */
    private static int[] halves(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] pairs = new int[count];
        for (int i = 0; i < count; i++) {
            pairs[i] = PairedHalves.pair((float) random.nextGaussian(), (float) random.nextGaussian());
        }
        return pairs;
    }

    /**
     * The dot product of a query with a key stored as a row, as attention computed it before keys
     * were stored dimension by dimension: two accumulators over alternate chunks of vector width,
     * their sum's lanes added first to last, then the leftover dimensions one product at a time.
     */
    private static float rowDot(float[] q, int qOffset, float[] row, int n) {
        var species = VectorDot.F;
        int step = species.length();
        FloatVector even = FloatVector.zero(species);
        FloatVector odd = FloatVector.zero(species);
        int i = 0;
        for (; i + 2 * step <= n; i += 2 * step) {
            even = FloatVector.fromArray(species, q, qOffset + i).fma(FloatVector.fromArray(species, row, i), even);
            odd = FloatVector.fromArray(species, q, qOffset + i + step)
                    .fma(FloatVector.fromArray(species, row, i + step), odd);
        }
        for (; i + step <= n; i += step) {
            even = FloatVector.fromArray(species, q, qOffset + i).fma(FloatVector.fromArray(species, row, i), even);
        }
        float sum = VectorDot.sumLanes(even.add(odd));
        for (; i < n; i++) {
            sum += q[qOffset + i] * row[i];
        }
        return sum;
    }
}
