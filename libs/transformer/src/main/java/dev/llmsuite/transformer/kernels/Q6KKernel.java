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
 * Q6_K: sixteen sub-blocks of 16 six-bit levels (value = level - 32) with signed eight-bit scales
 * and no mins. A sub-block is 8 pair steps: two nibble blocks for the low four bits and one
 * two-bit block for the high bits; its 16-bit sums stay within 8 * 32 * 127.
 *
 * <p>Group super-block layout: d (a float per row), the sixteen scales (a byte per row each), then
 * per sub-block its step: its two-bit block and two nibble blocks, in the order the kernels read
 * them (a step read out of order lost about a quarter of the speed from memory).
 */
final class Q6KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int SCALES = 4 * ROWS;
    private static final int STEPS = 20 * ROWS;
    private static final int STEP = 3 * BLOCK_BYTES;
    /** The two-bit block's offset within a step: first, as the kernels read it before the nibble blocks. */
    private static final int HIGH = 0;
    /** The first nibble block's offset within a step, after the two-bit block. */
    private static final int LOW = BLOCK_BYTES;

    @Override
    boolean hasMins() {
        return false;
    }

    @Override
    int groupBlockBytes() {
        return STEPS + 16 * STEP;
    }

    @Override
    void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target) {
        putRowFloats(target, D, d);
        putRowBytes(target, SCALES, scales, 16);
        putPlane(target, STEPS + LOW, 2, STEP, 4, levels, 0, 0xF);
        putPlane(target, STEPS + HIGH, 1, STEP, 2, levels, 4, 3);
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        for (int j = 0; j < 16; j++) {
            ShortVector q = ShortVector.zero(SHORTS);
            ShortVector high = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + HIGH), LE);
            for (int half = 0; half < 2; half++) {
                ShortVector low = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + LOW + half * BLOCK_BYTES), LE);
                for (int k = 0; k < 4; k++) {
                    int c = 4 * half + k;
                    ShortVector top = c < 2 ? high.lanewise(VectorOperators.LSHL, 4 - 2 * c) : high.lanewise(VectorOperators.LSHR, 2 * c - 4);
                    ShortVector value = low.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF).or(top.and((short) 0x30)).sub((short) 32);
                    q = q.add(value.mul(IntVector.broadcast(INTS, pairs[base + 8 * j + c]).reinterpretAsShorts()));
                }
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
            ShortVector high = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + HIGH), LE);
            for (int half = 0; half < 2; half++) {
                ShortVector low = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + LOW + half * BLOCK_BYTES), LE);
                for (int k = 0; k < 4; k++) {
                    int c = 4 * half + k;
                    ShortVector top = c < 2 ? high.lanewise(VectorOperators.LSHL, 4 - 2 * c) : high.lanewise(VectorOperators.LSHR, 2 * c - 4);
                    low.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF).or(top.and((short) 0x30)).sub((short) 32)
                            .intoArray(into.levels, (8 * j + c) * LANES);
                }
            }
        }
    }
}
