package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.PairedHalves.HALF_BITS;
import static dev.llmsuite.transformer.kernels.PairedHalves.INTS;
import static dev.llmsuite.transformer.kernels.PairedHalves.REBIAS;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/** y += a * x over n floats: accumulating weighted value vectors in attention. */
public final class VectorAxpy {

    private static final VectorSpecies<Float> F = VectorDot.F;

    private VectorAxpy() {
    }

    /**
     * {@code apply(weights[wOffset + j], x, xOffset + j * xStride, y, n)} for j = 0 .. count - 1, in
     * that order, so bit for bit the same sums: an attention head's weighted values of one cache
     * tile. Each vector of {@code y} stays in a register across the tile instead of being loaded
     * and stored once per value vector, four of them at a time, so that four independent chains of
     * multiply-adds are in flight instead of one.
     */
    public static void applyMany(float[] weights, int wOffset, int count, float[] x, int xOffset, int xStride, float[] y, int n) {
        int step = F.length();
        int i = 0;
        for (; i + 4 * step <= n; i += 4 * step) {
            FloatVector sum0 = FloatVector.fromArray(F, y, i);
            FloatVector sum1 = FloatVector.fromArray(F, y, i + step);
            FloatVector sum2 = FloatVector.fromArray(F, y, i + 2 * step);
            FloatVector sum3 = FloatVector.fromArray(F, y, i + 3 * step);
            for (int j = 0; j < count; j++) {
                FloatVector weight = FloatVector.broadcast(F, weights[wOffset + j]);
                int row = xOffset + j * xStride + i;
                sum0 = FloatVector.fromArray(F, x, row).fma(weight, sum0);
                sum1 = FloatVector.fromArray(F, x, row + step).fma(weight, sum1);
                sum2 = FloatVector.fromArray(F, x, row + 2 * step).fma(weight, sum2);
                sum3 = FloatVector.fromArray(F, x, row + 3 * step).fma(weight, sum3);
            }
            sum0.intoArray(y, i);
            sum1.intoArray(y, i + step);
            sum2.intoArray(y, i + 2 * step);
            sum3.intoArray(y, i + 3 * step);
        }
        for (int upper = F.loopBound(n); i < upper; i += step) {
            FloatVector sum = FloatVector.fromArray(F, y, i);
            for (int j = 0; j < count; j++) {
                sum = FloatVector.fromArray(F, x, xOffset + j * xStride + i).fma(FloatVector.broadcast(F, weights[wOffset + j]), sum);
            }
            sum.intoArray(y, i);
        }
        for (; i < n; i++) {
            float sum = y[i];
            for (int j = 0; j < count; j++) {
                sum += weights[wOffset + j] * x[xOffset + j * xStride + i];
            }
            y[i] = sum;
        }
    }

    /**
     * {@link #applyMany} of vectors stored as half floats two to an int ({@link PairedHalves};
     * offset and stride counted in ints), widened as they are read: the same bits as weighing the
     * widened vectors. Only for the lengths that {@link PairedHalves#readInPlace} accepts, whole
     * runs of four vectors, so none of the float kernel's tails.
     */
    public static void applyMany(float[] weights, int wOffset, int count, int[] x, int xOffset, int xStride, float[] y, int n) {
        int step = F.length();
        for (int i = 0; i < n; i += 4 * step) {
            FloatVector sum0 = FloatVector.fromArray(F, y, i);
            FloatVector sum1 = FloatVector.fromArray(F, y, i + step);
            FloatVector sum2 = FloatVector.fromArray(F, y, i + 2 * step);
            FloatVector sum3 = FloatVector.fromArray(F, y, i + 3 * step);
            for (int j = 0; j < count; j++) {
                FloatVector weight = FloatVector.broadcast(F, weights[wOffset + j]);
                int row = xOffset + j * xStride + i / 2;
                IntVector chunks01 = IntVector.fromArray(INTS, x, row);
                IntVector chunks23 = IntVector.fromArray(INTS, x, row + step);
                sum0 = chunks01.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(weight, sum0);
                sum1 = chunks01.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(weight, sum1);
                sum2 = chunks23.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(weight, sum2);
                sum3 = chunks23.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(weight, sum3);
            }
            sum0.intoArray(y, i);
            sum1.intoArray(y, i + step);
            sum2.intoArray(y, i + 2 * step);
            sum3.intoArray(y, i + 3 * step);
        }
    }

    /**
     * {@link #applyMany(float[], int, int, int[], int, int, float[], int)} for {@code count}
     * queries at once, 2 or 4, over the same value vectors: query k's weights from
     * {@code wOffset + k * wStride}, its sums in {@code y[sums[first + k]]}. The same bits as one
     * call per query, each int of halves widened once for all of them (see
     * {@link KeyScores#scoreQueries}). Two vectors of each query (the halves of one int vector) at a
     * time: eight sums in registers for four queries.
     */
    public static void applyManyQueries(float[] weights, int wOffset, int wStride, int count, int[] x, int xOffset, int xStride,
                                        float[][] y, int[] sums, int first, int queries, int n) {
        if (queries != 2 && queries != 4) {
            throw new IllegalArgumentException(queries + " queries; 2 or 4 are weighed together");
        }
        boolean four = queries == 4;
        int step = F.length();
        float[] y0 = y[sums[first]];
        float[] y1 = y[sums[first + 1]];
        float[] y2 = four ? y[sums[first + 2]] : y0;
        float[] y3 = four ? y[sums[first + 3]] : y0;
        int w0 = wOffset;
        int w1 = wOffset + wStride;
        int w2 = wOffset + 2 * wStride;
        int w3 = wOffset + 3 * wStride;
        for (int i = 0; i < n; i += 2 * step) {
            FloatVector low0 = FloatVector.fromArray(F, y0, i);
            FloatVector high0 = FloatVector.fromArray(F, y0, i + step);
            FloatVector low1 = FloatVector.fromArray(F, y1, i);
            FloatVector high1 = FloatVector.fromArray(F, y1, i + step);
            FloatVector low2 = FloatVector.fromArray(F, y2, i);
            FloatVector high2 = FloatVector.fromArray(F, y2, i + step);
            FloatVector low3 = FloatVector.fromArray(F, y3, i);
            FloatVector high3 = FloatVector.fromArray(F, y3, i + step);
            for (int j = 0; j < count; j++) {
                IntVector chunks = IntVector.fromArray(INTS, x, xOffset + j * xStride + i / 2);
                FloatVector low = chunks.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS);
                FloatVector high = chunks.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS);
                FloatVector weight0 = FloatVector.broadcast(F, weights[w0 + j]);
                low0 = low.fma(weight0, low0);
                high0 = high.fma(weight0, high0);
                FloatVector weight1 = FloatVector.broadcast(F, weights[w1 + j]);
                low1 = low.fma(weight1, low1);
                high1 = high.fma(weight1, high1);
                if (four) {
                    FloatVector weight2 = FloatVector.broadcast(F, weights[w2 + j]);
                    low2 = low.fma(weight2, low2);
                    high2 = high.fma(weight2, high2);
                    FloatVector weight3 = FloatVector.broadcast(F, weights[w3 + j]);
                    low3 = low.fma(weight3, low3);
                    high3 = high.fma(weight3, high3);
                }
            }
            low0.intoArray(y0, i);
            high0.intoArray(y0, i + step);
            low1.intoArray(y1, i);
            high1.intoArray(y1, i + step);
            if (four) {
                low2.intoArray(y2, i);
                high2.intoArray(y2, i + step);
                low3.intoArray(y3, i);
                high3.intoArray(y3, i + step);
            }
        }
    }

    public static void apply(float a, float[] x, int xOffset, float[] y, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, xOffset + i).fma(FloatVector.broadcast(F, a), FloatVector.fromArray(F, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] += a * x[xOffset + i];
        }
    }
}
