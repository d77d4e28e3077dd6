package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LANES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LE;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROW_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q6_K: sixteen sub-blocks of 16 six-bit levels (value = level - 32) with signed eight-bit scales
 * and no mins. A sub-block is 8 pair steps; its 16-bit sums stay within 8 * 32 * 127.
 *
 * <p>Group super-block layout: d (a float per row), the sixteen scales (a byte per row each), then
 * per sub-block its three words: three blocks that hold, per lane, the sub-block's 8 values
 * already centred (value = level - 32, six-bit two's complement), 48 bits in three 16-bit words:
 * <pre>
 *   word 0: v0 in bits 10-15, v1 in bits 4-9, the low four bits of v6 in bits 0-3
 *   word 1: v2 in bits 10-15, v3 in bits 4-9, the low four bits of v7 in bits 0-3
 *   word 2: v4 in bits 10-15, v5 in bits 4-9, the top two bits of v6 in bits 0-1, of v7 in bits 2-3
 * </pre>
 * A value at the top of a word is one arithmetic shift, one in the middle two; only v6 and v7 are
 * put together from two words. Why not ggml's planes (four low bits, two high bits): there a value
 * took a shift and a mask from each plane, an or and the subtraction of 32, about three times the
 * instructions, and the matrix-vector step was bound by them (see the README's 2026-12-07 morning
 * figures).
 */
final class Q6KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int SCALES = 4 * ROWS;
    private static final int STEPS = 20 * ROWS;
    /** A sub-block's three words. */
    private static final int STEP = 3 * BLOCK_BYTES;
    private static final short LOW_FOUR = 0xF;
    private static final short ABOVE_FOUR = ~0xF;

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
        putRowBytes(target, SCALES, ROWS, scales, 16);
        int[] v = new int[8];
        for (int j = 0; j < 16; j++) {
            for (int lane = 0; lane < 2 * ROWS; lane++) {
                for (int c = 0; c < 8; c++) {
                    v[c] = (levels[lane / 2][16 * j + 2 * c + (lane & 1)] - 32) & 0x3F;
                }
                long at = STEPS + (long) j * STEP + 2L * lane;
                target.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, (short) (v[0] << 10 | v[1] << 4 | (v[6] & 0xF)));
                target.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + BLOCK_BYTES, (short) (v[2] << 10 | v[3] << 4 | (v[7] & 0xF)));
                target.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 2 * BLOCK_BYTES,
                        (short) (v[4] << 10 | v[5] << 4 | (v[7] >> 4) << 2 | v[6] >> 4));
            }
        }
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        for (int j = 0; j < 16; j++) {
            long words = at + STEPS + (long) j * STEP;
            ShortVector w0 = ShortVector.fromMemorySegment(SHORTS, w, words, LE);
            ShortVector w1 = ShortVector.fromMemorySegment(SHORTS, w, words + BLOCK_BYTES, LE);
            ShortVector w2 = ShortVector.fromMemorySegment(SHORTS, w, words + 2 * BLOCK_BYTES, LE);
            ShortVector tops = w2.lanewise(VectorOperators.LSHL, 12);
            int p = base + 8 * j;
            ShortVector q = w0.lanewise(VectorOperators.ASHR, 10).mul(IntVector.broadcast(INTS, pairs[p]).reinterpretAsShorts());
            q = q.add(w0.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 10).mul(IntVector.broadcast(INTS, pairs[p + 1]).reinterpretAsShorts()));
            q = q.add(w1.lanewise(VectorOperators.ASHR, 10).mul(IntVector.broadcast(INTS, pairs[p + 2]).reinterpretAsShorts()));
            q = q.add(w1.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 10).mul(IntVector.broadcast(INTS, pairs[p + 3]).reinterpretAsShorts()));
            q = q.add(w2.lanewise(VectorOperators.ASHR, 10).mul(IntVector.broadcast(INTS, pairs[p + 4]).reinterpretAsShorts()));
            q = q.add(w2.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 10).mul(IntVector.broadcast(INTS, pairs[p + 5]).reinterpretAsShorts()));
            q = q.add(tops.lanewise(VectorOperators.LSHL, 2).lanewise(VectorOperators.ASHR, 10).or(w0.and(LOW_FOUR))
                    .mul(IntVector.broadcast(INTS, pairs[p + 6]).reinterpretAsShorts()));
            q = q.add(tops.lanewise(VectorOperators.ASHR, 10).and(ABOVE_FOUR).or(w1.and(LOW_FOUR))
                    .mul(IntVector.broadcast(INTS, pairs[p + 7]).reinterpretAsShorts()));
            IntVector wide = q.reinterpretAsInts();
            IntVector scale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + j * ROWS), LE)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            sum = sum.add(wide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide.lanewise(VectorOperators.ASHR, 16)).mul(scale));
        }
        sum.intoArray(ints, 0);
        header(w, at, D, -1, scales);
    }

    @Override
    void unpack(MemorySegment w, long at, int member, UnpackedGroup into) {
        header(w, at, D, -1, into.d);
        unpackRowBytes(w, at + SCALES, ROWS, 16, true, 1, into.scales);
        short[] levels = into.levels;
        for (int j = 0; j < 16; j++) {
            long words = at + STEPS + (long) j * STEP;
            ShortVector w0 = ShortVector.fromMemorySegment(SHORTS, w, words, LE);
            ShortVector w1 = ShortVector.fromMemorySegment(SHORTS, w, words + BLOCK_BYTES, LE);
            ShortVector w2 = ShortVector.fromMemorySegment(SHORTS, w, words + 2 * BLOCK_BYTES, LE);
            ShortVector tops = w2.lanewise(VectorOperators.LSHL, 12);
            int p = 8 * j * LANES;
            w0.lanewise(VectorOperators.ASHR, 10).intoArray(levels, p);
            w0.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 10).intoArray(levels, p + LANES);
            w1.lanewise(VectorOperators.ASHR, 10).intoArray(levels, p + 2 * LANES);
            w1.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 10).intoArray(levels, p + 3 * LANES);
            w2.lanewise(VectorOperators.ASHR, 10).intoArray(levels, p + 4 * LANES);
            w2.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 10).intoArray(levels, p + 5 * LANES);
            tops.lanewise(VectorOperators.LSHL, 2).lanewise(VectorOperators.ASHR, 10).or(w0.and(LOW_FOUR)).intoArray(levels, p + 6 * LANES);
            tops.lanewise(VectorOperators.ASHR, 10).and(ABOVE_FOUR).or(w1.and(LOW_FOUR)).intoArray(levels, p + 7 * LANES);
        }
    }
}
