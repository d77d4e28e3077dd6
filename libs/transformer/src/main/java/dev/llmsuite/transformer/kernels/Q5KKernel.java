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
 * Q5_K: eight sub-blocks of 32 five-bit levels with six-bit scales and mins. Five-bit levels
 * would overflow 16-bit sums over a whole sub-block, so each half (8 pair steps, within
 * 8 * 31 * 127) is widened on its own and both halves are scaled alike.
 *
 * <p>Group super-block layout: d and dmin (a float per row), the eight scales and the eight mins
 * (a byte per row each), then per sub-block its step: its one-bit block for the fifth bit and
 * four nibble blocks for the low four bits, in the order the kernels read them.
 */
final class Q5KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int DMIN = 4 * ROWS;
    private static final int SCALES = 8 * ROWS;
    private static final int MINS = 16 * ROWS;
    private static final int STEPS = 24 * ROWS;
    private static final int STEP = 5 * BLOCK_BYTES;
    /** The one-bit block's offset within a step: first, as the kernels read it before the nibble blocks. */
    private static final int HIGH = 0;
    /** The first nibble block's offset within a step, after the one-bit block. */
    private static final int LOW = BLOCK_BYTES;

    @Override
    boolean hasMins() {
        return true;
    }

    @Override
    int groupBlockBytes() {
        return STEPS + 8 * STEP;
    }

    @Override
    void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target) {
        putRowFloats(target, D, d);
        putRowFloats(target, DMIN, dmin);
        putRowBytes(target, SCALES, ROWS, scales, 8);
        putRowBytes(target, MINS, ROWS, mins, 8);
        putPlane(target, STEPS + LOW, 4, STEP, 4, levels, 0, 0xF);
        putPlane(target, STEPS + HIGH, 1, STEP, 1, levels, 4, 1);
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        IntVector mins = IntVector.zero(INTS);
        for (int j = 0; j < 8; j++) {
            ShortVector high = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + HIGH), LE);
            IntVector scale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + j * ROWS), LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            for (int half = 0; half < 2; half++) {
                ShortVector q = ShortVector.zero(SHORTS);
                for (int block = 0; block < 2; block++) {
                    ShortVector low = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + LOW + (2 * half + block) * BLOCK_BYTES), LE);
                    for (int k = 0; k < 4; k++) {
                        int c = 8 * half + 4 * block + k;
                        ShortVector top = c < 4 ? high.lanewise(VectorOperators.LSHL, 4 - c) : high.lanewise(VectorOperators.LSHR, c - 4);
                        ShortVector value = low.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF).or(top.and((short) 0x10));
                        q = q.add(value.mul(IntVector.broadcast(INTS, pairs[base + 16 * j + c]).reinterpretAsShorts()));
                    }
                }
                IntVector wide = q.reinterpretAsInts();
                sum = sum.add(wide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            }
            IntVector min = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (MINS + j * ROWS), LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            mins = mins.add(min.mul(x.sum16(t, b, 2 * j) + x.sum16(t, b, 2 * j + 1)));
        }
        sum.intoArray(ints, 0);
        mins.intoArray(ints, ROWS);
        header(w, at, D, DMIN, scales);
    }

    @Override
    void unpack(MemorySegment w, long at, int member, UnpackedGroup into) {
        header(w, at, D, DMIN, into.d);
        unpackRowBytes(w, at + SCALES, ROWS, 8, false, 2, into.scales);
        unpackRowBytes(w, at + MINS, ROWS, 8, false, 2, into.mins);
        for (int j = 0; j < 8; j++) {
            ShortVector high = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + HIGH), LE);
            for (int block = 0; block < 4; block++) {
                ShortVector low = ShortVector.fromMemorySegment(SHORTS, w, at + (STEPS + j * STEP + LOW + block * BLOCK_BYTES), LE);
                for (int k = 0; k < 4; k++) {
                    int c = 4 * block + k;
                    ShortVector top = c < 4 ? high.lanewise(VectorOperators.LSHL, 4 - c) : high.lanewise(VectorOperators.LSHR, c - 4);
                    low.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF).or(top.and((short) 0x10))
                            .intoArray(into.levels, (16 * j + c) * LANES);
                }
            }
        }
    }
}
