package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LANES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LE;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROW_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q3_K: sixteen sub-blocks of 16 three-bit levels (value = level - 4) with signed six-bit scales
 * and no mins. A sub-block is 8 pair steps: one two-bit block for the low bits and half a one-bit
 * block for the third.
 *
 * <p>Group super-block layout: d (a float per row), the sixteen scales (a signed byte per row
 * each), then per two sub-blocks their step: the one-bit block they share and their two two-bit
 * blocks, in the order the kernels read them.
 */
final class Q3KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int SCALES = 4 * ROWS;
    private static final int STEPS = 20 * ROWS;
    private static final int STEP = 3 * BLOCK_BYTES;
    /** The one-bit block's offset within a step: first, as the kernels read it with the first two-bit block. */
    private static final int HIGH = 0;
    /** The first two-bit block's offset within a step, after the one-bit block. */
    private static final int LOW = BLOCK_BYTES;

    @Override
    boolean hasMins() {
        return false;
    }

    @Override
    int groupBlockBytes() {
        return STEPS + 8 * STEP;
    }

    @Override
    void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target) {
        putRowFloats(target, D, d);
        putRowBytes(target, SCALES, scales, 16);
        putPlane(target, STEPS + LOW, 2, STEP, 2, levels, 0, 3);
        putPlane(target, STEPS + HIGH, 1, STEP, 1, levels, 2, 1);
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        for (int j = 0; j < 16; j++) {
            ShortVector high = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + (j / 2) * STEP + HIGH), LE);
            ShortVector low = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + (j / 2) * STEP + LOW + (j % 2) * BLOCK_BYTES), LE);
            int bit0 = 8 * (j % 2);
            ShortVector q = ShortVector.zero(SHORTS);
            for (int c = 0; c < 8; c++) {
                int bit = bit0 + c;
                ShortVector top = bit < 2 ? high.lanewise(VectorOperators.LSHL, 2 - bit) : high.lanewise(VectorOperators.LSHR, bit - 2);
                ShortVector value = low.lanewise(VectorOperators.LSHR, 2 * c).and((short) 3).or(top.and((short) 4)).sub((short) 4);
                q = q.add(value.mul(IntVector.broadcast(INTS, pairs[base + 8 * j + c]).reinterpretAsShorts()));
            }
            IntVector wide = q.reinterpretAsInts();
            IntVector scale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + j * ROWS), LE)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            sum = sum.add(wide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide.lanewise(VectorOperators.ASHR, 16)).mul(scale));
        }
        sum.intoArray(ints, 0);
        header(w, at, D, -1, scales);
    }

    @Override
    void unpack(MemorySegment w, long at, UnpackedGroup into) {
        header(w, at, D, -1, into.d);
        unpackRowBytes(w, at + SCALES, 16, true, 1, into.scales);
        for (int j = 0; j < 16; j++) {
            ShortVector high = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + (j / 2) * STEP + HIGH), LE);
            ShortVector low = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + (j / 2) * STEP + LOW + (j % 2) * BLOCK_BYTES), LE);
            int bit0 = 8 * (j % 2);
            for (int c = 0; c < 8; c++) {
                int bit = bit0 + c;
                ShortVector top = bit < 2 ? high.lanewise(VectorOperators.LSHL, 2 - bit) : high.lanewise(VectorOperators.LSHR, bit - 2);
                low.lanewise(VectorOperators.LSHR, 2 * c).and((short) 3).or(top.and((short) 4)).sub((short) 4)
                        .intoArray(into.levels, (8 * j + c) * LANES);
            }
        }
    }
}
