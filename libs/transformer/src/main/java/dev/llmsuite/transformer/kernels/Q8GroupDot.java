package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.Q8Matrix.F;
import static dev.llmsuite.transformer.kernels.Q8Matrix.GROUP_BYTES;
import static dev.llmsuite.transformer.kernels.Q8Matrix.GROUP_VALUES;
import static dev.llmsuite.transformer.kernels.Q8Matrix.LANES;
import static dev.llmsuite.transformer.kernels.Q8Matrix.STEPS;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels over {@link Q8Matrix}'s repacked groups. Per group and row, every lane sums
 * {@link Q8Matrix#STEPS} products of small integers, exactly in float, and is then scaled by its
 * block's two scales into a per-lane accumulator; the row's result is the sum of that
 * accumulator's lanes in {@link VectorDot#sumLanes}'s order. Every kernel here does exactly this,
 * so a row's result does not depend on which kernel computed it or on how many positions were
 * computed together.
 *
 * <p>The kernels spell their vector operations out (see {@link RowGroupLanes} for why C2 needs that).
 */
final class Q8GroupDot {

    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Lane l takes the scale of block l / (lanes per block) from the group's eight stored scales. */
    private static final VectorShuffle<Float> LANE_SCALES = VectorShuffle.fromOp(F, lane -> lane / Q8Matrix.LANES_PER_BLOCK);

    private Q8GroupDot() {
    }

    /**
     * Four repacked rows ({@code stride} bytes apart, the first at byte {@code at}) times one
     * prepared activation: four memory streams in flight and each activation vector loaded once.
     */
    static void rows4(MemorySegment w, long at, long stride, float[] x, float[] xScales, int xAt, int xScaleAt, int groups,
                      float[] lanes, float[] results) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int g = 0; g < groups; g++) {
            long group = at + g * GROUP_BYTES;
            int xGroup = xAt + g * GROUP_VALUES;
            FloatVector sum0 = FloatVector.zero(F);
            FloatVector sum1 = FloatVector.zero(F);
            FloatVector sum2 = FloatVector.zero(F);
            FloatVector sum3 = FloatVector.zero(F);
            for (int s = 0; s < STEPS; s++) {
                FloatVector xv = FloatVector.fromArray(F, x, xGroup + s * LANES);
                long levels = group + (long) s * LANES;
                sum0 = ((FloatVector) ByteVector.fromMemorySegment(BYTES, w, levels, LE).convertShape(VectorOperators.B2F, F, 0)).fma(xv, sum0);
                sum1 = ((FloatVector) ByteVector.fromMemorySegment(BYTES, w, levels + stride, LE).convertShape(VectorOperators.B2F, F, 0)).fma(xv, sum1);
                sum2 = ((FloatVector) ByteVector.fromMemorySegment(BYTES, w, levels + 2 * stride, LE).convertShape(VectorOperators.B2F, F, 0)).fma(xv, sum2);
                sum3 = ((FloatVector) ByteVector.fromMemorySegment(BYTES, w, levels + 3 * stride, LE).convertShape(VectorOperators.B2F, F, 0)).fma(xv, sum3);
            }
            FloatVector xs = FloatVector.fromArray(F, xScales, xScaleAt + g * LANES);
            long scales = group + GROUP_VALUES;
            acc0 = sum0.fma(FloatVector.fromMemorySegment(F, w, scales, LE).rearrange(LANE_SCALES).mul(xs), acc0);
            acc1 = sum1.fma(FloatVector.fromMemorySegment(F, w, scales + stride, LE).rearrange(LANE_SCALES).mul(xs), acc1);
            acc2 = sum2.fma(FloatVector.fromMemorySegment(F, w, scales + 2 * stride, LE).rearrange(LANE_SCALES).mul(xs), acc2);
            acc3 = sum3.fma(FloatVector.fromMemorySegment(F, w, scales + 3 * stride, LE).rearrange(LANE_SCALES).mul(xs), acc3);
        }
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, LANES);
        acc2.intoArray(lanes, 2 * LANES);
        acc3.intoArray(lanes, 3 * LANES);
        VectorDot.sumStoredLanes(lanes, 4, results, 0);
    }

    /** One repacked row at byte {@code at} times one prepared activation. */
    static float row(MemorySegment w, long at, float[] x, float[] xScales, int xAt, int xScaleAt, int groups) {
        FloatVector acc = FloatVector.zero(F);
        for (int g = 0; g < groups; g++) {
            long group = at + g * GROUP_BYTES;
            int xGroup = xAt + g * GROUP_VALUES;
            FloatVector sum = FloatVector.zero(F);
            for (int s = 0; s < STEPS; s++) {
                FloatVector levels = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, group + (long) s * LANES, LE)
                        .convertShape(VectorOperators.B2F, F, 0);
                sum = levels.fma(FloatVector.fromArray(F, x, xGroup + s * LANES), sum);
            }
            FloatVector xs = FloatVector.fromArray(F, xScales, xScaleAt + g * LANES);
            acc = sum.fma(FloatVector.fromMemorySegment(F, w, group + GROUP_VALUES, LE).rearrange(LANE_SCALES).mul(xs), acc);
        }
        return VectorDot.sumLanes(acc);
    }

    /**
     * A repacked row as floats: its levels in the stored order ({@code levels[levelsAt ...]}) and
     * per group one scale per lane ({@code scales[scalesAt ...]}), what {@link #tile4x4} reads,
     * unpacked once for all positions of a batch.
     */
    static void expand(MemorySegment w, long at, int groups, float[] levels, int levelsAt, float[] scales, int scalesAt) {
        for (int g = 0; g < groups; g++) {
            long group = at + g * GROUP_BYTES;
            for (int s = 0; s < STEPS; s++) {
                ((FloatVector) ByteVector.fromMemorySegment(BYTES, w, group + (long) s * LANES, LE).convertShape(VectorOperators.B2F, F, 0))
                        .intoArray(levels, levelsAt + g * GROUP_VALUES + s * LANES);
            }
            FloatVector.fromMemorySegment(F, w, group + GROUP_VALUES, LE).rearrange(LANE_SCALES).intoArray(scales, scalesAt + g * LANES);
        }
    }

    /**
     * Four expanded rows ({@code levelStride} levels and {@code scaleStride} scales apart) times
     * four prepared positions ({@code xStride} values and {@code xScaleStride} scales apart) into
     * {@code results[4 * row + position]}. The sixteen group sums live in registers; the sixteen
     * running accumulators in {@code acc} ({@code 16 * LANES} floats), which costs a load and a
     * store per group instead of spilling inside the step loop.
     */
    static void tile4x4(float[] levels, int levelsAt, int levelStride, float[] scales, int scalesAt, int scaleStride,
                        float[] x, int xAt, int xStride, float[] xScales, int xScaleAt, int xScaleStride, int groups,
                        float[] acc, float[] results) {
        java.util.Arrays.fill(acc, 0f);
        for (int g = 0; g < groups; g++) {
            FloatVector s00 = FloatVector.zero(F);
            FloatVector s01 = FloatVector.zero(F);
            FloatVector s02 = FloatVector.zero(F);
            FloatVector s03 = FloatVector.zero(F);
            FloatVector s10 = FloatVector.zero(F);
            FloatVector s11 = FloatVector.zero(F);
            FloatVector s12 = FloatVector.zero(F);
            FloatVector s13 = FloatVector.zero(F);
            FloatVector s20 = FloatVector.zero(F);
            FloatVector s21 = FloatVector.zero(F);
            FloatVector s22 = FloatVector.zero(F);
            FloatVector s23 = FloatVector.zero(F);
            FloatVector s30 = FloatVector.zero(F);
            FloatVector s31 = FloatVector.zero(F);
            FloatVector s32 = FloatVector.zero(F);
            FloatVector s33 = FloatVector.zero(F);
            int w = levelsAt + g * GROUP_VALUES;
            int p = xAt + g * GROUP_VALUES;
            for (int s = 0; s < GROUP_VALUES; s += LANES) {
                FloatVector x0 = FloatVector.fromArray(F, x, p + s);
                FloatVector x1 = FloatVector.fromArray(F, x, p + xStride + s);
                FloatVector x2 = FloatVector.fromArray(F, x, p + 2 * xStride + s);
                FloatVector x3 = FloatVector.fromArray(F, x, p + 3 * xStride + s);
                FloatVector w0 = FloatVector.fromArray(F, levels, w + s);
                s00 = w0.fma(x0, s00);
                s01 = w0.fma(x1, s01);
                s02 = w0.fma(x2, s02);
                s03 = w0.fma(x3, s03);
                FloatVector w1 = FloatVector.fromArray(F, levels, w + levelStride + s);
                s10 = w1.fma(x0, s10);
                s11 = w1.fma(x1, s11);
                s12 = w1.fma(x2, s12);
                s13 = w1.fma(x3, s13);
                FloatVector w2 = FloatVector.fromArray(F, levels, w + 2 * levelStride + s);
                s20 = w2.fma(x0, s20);
                s21 = w2.fma(x1, s21);
                s22 = w2.fma(x2, s22);
                s23 = w2.fma(x3, s23);
                FloatVector w3 = FloatVector.fromArray(F, levels, w + 3 * levelStride + s);
                s30 = w3.fma(x0, s30);
                s31 = w3.fma(x1, s31);
                s32 = w3.fma(x2, s32);
                s33 = w3.fma(x3, s33);
            }
            int ws = scalesAt + g * LANES;
            int xs = xScaleAt + g * LANES;
            FloatVector xs0 = FloatVector.fromArray(F, xScales, xs);
            FloatVector xs1 = FloatVector.fromArray(F, xScales, xs + xScaleStride);
            FloatVector xs2 = FloatVector.fromArray(F, xScales, xs + 2 * xScaleStride);
            FloatVector xs3 = FloatVector.fromArray(F, xScales, xs + 3 * xScaleStride);
            FloatVector ws0 = FloatVector.fromArray(F, scales, ws);
            s00.fma(ws0.mul(xs0), FloatVector.fromArray(F, acc, 0)).intoArray(acc, 0);
            s01.fma(ws0.mul(xs1), FloatVector.fromArray(F, acc, LANES)).intoArray(acc, LANES);
            s02.fma(ws0.mul(xs2), FloatVector.fromArray(F, acc, 2 * LANES)).intoArray(acc, 2 * LANES);
            s03.fma(ws0.mul(xs3), FloatVector.fromArray(F, acc, 3 * LANES)).intoArray(acc, 3 * LANES);
            FloatVector ws1 = FloatVector.fromArray(F, scales, ws + scaleStride);
            s10.fma(ws1.mul(xs0), FloatVector.fromArray(F, acc, 4 * LANES)).intoArray(acc, 4 * LANES);
            s11.fma(ws1.mul(xs1), FloatVector.fromArray(F, acc, 5 * LANES)).intoArray(acc, 5 * LANES);
            s12.fma(ws1.mul(xs2), FloatVector.fromArray(F, acc, 6 * LANES)).intoArray(acc, 6 * LANES);
            s13.fma(ws1.mul(xs3), FloatVector.fromArray(F, acc, 7 * LANES)).intoArray(acc, 7 * LANES);
            FloatVector ws2 = FloatVector.fromArray(F, scales, ws + 2 * scaleStride);
            s20.fma(ws2.mul(xs0), FloatVector.fromArray(F, acc, 8 * LANES)).intoArray(acc, 8 * LANES);
            s21.fma(ws2.mul(xs1), FloatVector.fromArray(F, acc, 9 * LANES)).intoArray(acc, 9 * LANES);
            s22.fma(ws2.mul(xs2), FloatVector.fromArray(F, acc, 10 * LANES)).intoArray(acc, 10 * LANES);
            s23.fma(ws2.mul(xs3), FloatVector.fromArray(F, acc, 11 * LANES)).intoArray(acc, 11 * LANES);
            FloatVector ws3 = FloatVector.fromArray(F, scales, ws + 3 * scaleStride);
            s30.fma(ws3.mul(xs0), FloatVector.fromArray(F, acc, 12 * LANES)).intoArray(acc, 12 * LANES);
            s31.fma(ws3.mul(xs1), FloatVector.fromArray(F, acc, 13 * LANES)).intoArray(acc, 13 * LANES);
            s32.fma(ws3.mul(xs2), FloatVector.fromArray(F, acc, 14 * LANES)).intoArray(acc, 14 * LANES);
            s33.fma(ws3.mul(xs3), FloatVector.fromArray(F, acc, 15 * LANES)).intoArray(acc, 15 * LANES);
        }
        VectorDot.sumStoredLanes(acc, 16, results, 0);
    }
}
