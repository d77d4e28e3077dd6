package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.FLOATS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.nibble;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.pair;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.pairSum;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.plane;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.rowFloats;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.unsignedRowBytes;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K: per row and super-block, {@code d * sum_j scale_j * (q . x)_j - dmin * sum_j min_j * sum(x)_j}
 * over eight sub-blocks of 32 four-bit levels. A sub-block is 16 pair steps, four nibble blocks;
 * its 16-bit sums stay below 16 * 15 * 127.
 *
 * <p>Group super-block layout: d and dmin (floats per row), the eight scales and eight mins (a
 * byte per row each), then 32 nibble blocks.
 */
final class Q4KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int DMIN = 4 * ROWS;
    private static final int SCALES = 8 * ROWS;
    private static final int MINS = 16 * ROWS;
    private static final int LEVELS = 24 * ROWS;

    @Override
    int groupBlockBytes() {
        return LEVELS + 32 * BLOCK_BYTES;
    }

    @Override
    void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target) {
        putRowFloats(target, D, d);
        putRowFloats(target, DMIN, dmin);
        putRowBytes(target, SCALES, scales, 8);
        putRowBytes(target, MINS, mins, 8);
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < 256; i++) {
                putLevel(target, LEVELS, 4, r, i, levels[r][i]);
            }
        }
    }

    /** 16-bit sums of q * x over sub-block j, one row and value parity per lane. */
    private static ShortVector subBlock(MemorySegment w, long levels, short[] pairs, int base) {
        ShortVector sum = ShortVector.zero(SHORTS);
        for (int g = 0; g < 4; g++) {
            ShortVector block = plane(w, levels + (long) g * BLOCK_BYTES);
            for (int k = 0; k < 4; k++) {
                sum = sum.add(nibble(block, k).mul(pair(pairs, base, 4 * g + k)));
            }
        }
        return sum;
    }

    @Override
    void multiply(MemorySegment w, long group, int superBlocks, Q8KActivation x, int position, float[] out, int outAt, int rows) {
        FloatVector acc = FloatVector.zero(FLOATS);
        FloatVector accMins = FloatVector.zero(FLOATS);
        for (int b = 0; b < superBlocks; b++) {
            long at = group + (long) b * groupBlockBytes();
            int base = x.pairBase(position, b);
            IntVector sum = IntVector.zero(INTS);
            IntVector sumMins = IntVector.zero(INTS);
            for (int j = 0; j < 8; j++) {
                ShortVector q = subBlock(w, at + LEVELS + 4L * j * BLOCK_BYTES, x.pairs, base + 16 * j * SHORTS.length());
                sum = sum.add(pairSum(q).mul(unsignedRowBytes(w, at + SCALES + (long) j * ROWS)));
                sumMins = sumMins.add(unsignedRowBytes(w, at + MINS + (long) j * ROWS).mul(x.sum32(position, b, j)));
            }
            float dx = x.scale(position, b);
            acc = rowFloats(w, at + D).mul(dx).fma((FloatVector) sum.convert(VectorOperators.I2F, 0), acc);
            accMins = rowFloats(w, at + DMIN).mul(dx).fma((FloatVector) sumMins.convert(VectorOperators.I2F, 0), accMins);
        }
        acc.sub(accMins).intoArray(out, outAt, FLOATS.indexInRange(0, rows));
    }

    @Override
    void multiply4(MemorySegment w, long group, int superBlocks, Q8KActivation x, int position, float[] out, int outAt,
                   int outStride, int rows) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        FloatVector mins0 = FloatVector.zero(FLOATS);
        FloatVector mins1 = FloatVector.zero(FLOATS);
        FloatVector mins2 = FloatVector.zero(FLOATS);
        FloatVector mins3 = FloatVector.zero(FLOATS);
        for (int b = 0; b < superBlocks; b++) {
            long at = group + (long) b * groupBlockBytes();
            int base0 = x.pairBase(position, b);
            int base1 = x.pairBase(position + 1, b);
            int base2 = x.pairBase(position + 2, b);
            int base3 = x.pairBase(position + 3, b);
            IntVector sum0 = IntVector.zero(INTS);
            IntVector sum1 = IntVector.zero(INTS);
            IntVector sum2 = IntVector.zero(INTS);
            IntVector sum3 = IntVector.zero(INTS);
            for (int j = 0; j < 8; j++) {
                ShortVector q0 = ShortVector.zero(SHORTS);
                ShortVector q1 = ShortVector.zero(SHORTS);
                ShortVector q2 = ShortVector.zero(SHORTS);
                ShortVector q3 = ShortVector.zero(SHORTS);
                for (int g = 0; g < 4; g++) {
                    ShortVector block = plane(w, at + LEVELS + (4L * j + g) * BLOCK_BYTES);
                    for (int k = 0; k < 4; k++) {
                        ShortVector level = nibble(block, k);
                        int step = 16 * j + 4 * g + k;
                        q0 = q0.add(level.mul(pair(x.pairs, base0, step)));
                        q1 = q1.add(level.mul(pair(x.pairs, base1, step)));
                        q2 = q2.add(level.mul(pair(x.pairs, base2, step)));
                        q3 = q3.add(level.mul(pair(x.pairs, base3, step)));
                    }
                }
                IntVector scale = unsignedRowBytes(w, at + SCALES + (long) j * ROWS);
                sum0 = sum0.add(pairSum(q0).mul(scale));
                sum1 = sum1.add(pairSum(q1).mul(scale));
                sum2 = sum2.add(pairSum(q2).mul(scale));
                sum3 = sum3.add(pairSum(q3).mul(scale));
            }
            IntVector sumMins0 = IntVector.zero(INTS);
            IntVector sumMins1 = IntVector.zero(INTS);
            IntVector sumMins2 = IntVector.zero(INTS);
            IntVector sumMins3 = IntVector.zero(INTS);
            for (int j = 0; j < 8; j++) {
                IntVector min = unsignedRowBytes(w, at + MINS + (long) j * ROWS);
                sumMins0 = sumMins0.add(min.mul(x.sum32(position, b, j)));
                sumMins1 = sumMins1.add(min.mul(x.sum32(position + 1, b, j)));
                sumMins2 = sumMins2.add(min.mul(x.sum32(position + 2, b, j)));
                sumMins3 = sumMins3.add(min.mul(x.sum32(position + 3, b, j)));
            }
            FloatVector d = rowFloats(w, at + D);
            FloatVector dmin = rowFloats(w, at + DMIN);
            acc0 = d.mul(x.scale(position, b)).fma((FloatVector) sum0.convert(VectorOperators.I2F, 0), acc0);
            acc1 = d.mul(x.scale(position + 1, b)).fma((FloatVector) sum1.convert(VectorOperators.I2F, 0), acc1);
            acc2 = d.mul(x.scale(position + 2, b)).fma((FloatVector) sum2.convert(VectorOperators.I2F, 0), acc2);
            acc3 = d.mul(x.scale(position + 3, b)).fma((FloatVector) sum3.convert(VectorOperators.I2F, 0), acc3);
            mins0 = dmin.mul(x.scale(position, b)).fma((FloatVector) sumMins0.convert(VectorOperators.I2F, 0), mins0);
            mins1 = dmin.mul(x.scale(position + 1, b)).fma((FloatVector) sumMins1.convert(VectorOperators.I2F, 0), mins1);
            mins2 = dmin.mul(x.scale(position + 2, b)).fma((FloatVector) sumMins2.convert(VectorOperators.I2F, 0), mins2);
            mins3 = dmin.mul(x.scale(position + 3, b)).fma((FloatVector) sumMins3.convert(VectorOperators.I2F, 0), mins3);
        }
        var valid = FLOATS.indexInRange(0, rows);
        acc0.sub(mins0).intoArray(out, outAt, valid);
        acc1.sub(mins1).intoArray(out, outAt + outStride, valid);
        acc2.sub(mins2).intoArray(out, outAt + 2 * outStride, valid);
        acc3.sub(mins3).intoArray(out, outAt + 3 * outStride, valid);
    }
}
