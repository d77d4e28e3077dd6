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
 * Q3_K: sixteen sub-blocks of 16 three-bit levels (value = level - 4) with signed six-bit scales
 * and no mins. A sub-block is 8 pair steps.
 *
 * <p>Group super-block layout: d (a float per row), the sixteen scales (a signed byte per row
 * each), then per two sub-blocks their three words: three blocks that hold, per lane, the two
 * sub-blocks' 16 values already centred (value = level - 4, three-bit two's complement), five
 * to a 16-bit word from the top down (bits 13-15, 10-12, 7-9, 4-6, 1-3; word 0 v0-v4, word 1
 * v5-v9, word 2 v10-v14), and v15 spread over the words' lowest bits (bit 0 of word w is bit w of
 * v15). A value at the top of a word is one arithmetic shift, any other two. Why not ggml's planes
 * (two low bits, one high bit): as with Q6_K (see {@link Q6KKernel}), a value there took a shift
 * and a mask from each plane, an or and the subtraction of 4, and the matrix-vector step was bound
 * by those instructions.
 */
final class Q3KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int SCALES = 4 * ROWS;
    private static final int STEPS = 20 * ROWS;
    /** Two sub-blocks' three words. */
    private static final int STEP = 3 * BLOCK_BYTES;
    private static final short LOWEST = 1;

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
        putRowBytes(target, SCALES, ROWS, scales, 16);
        int[] v = new int[16];
        for (int step = 0; step < 8; step++) {
            for (int lane = 0; lane < 2 * ROWS; lane++) {
                for (int c = 0; c < 16; c++) {
                    v[c] = (levels[lane / 2][32 * step + 2 * c + (lane & 1)] - 4) & 7;
                }
                for (int word = 0; word < 3; word++) {
                    int packed = (v[15] >> word) & 1;
                    for (int k = 0; k < 5; k++) {
                        packed |= v[5 * word + k] << (13 - 3 * k);
                    }
                    target.set(ValueLayout.JAVA_SHORT_UNALIGNED, STEPS + (long) step * STEP + word * BLOCK_BYTES + 2L * lane, (short) packed);
                }
            }
        }
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        for (int step = 0; step < 8; step++) {
            long words = at + STEPS + (long) step * STEP;
            ShortVector w0 = ShortVector.fromMemorySegment(SHORTS, w, words, LE);
            ShortVector w1 = ShortVector.fromMemorySegment(SHORTS, w, words + BLOCK_BYTES, LE);
            ShortVector w2 = ShortVector.fromMemorySegment(SHORTS, w, words + 2 * BLOCK_BYTES, LE);
            int p = base + 16 * step;
            ShortVector q = w0.lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p]).reinterpretAsShorts());
            q = q.add(w0.lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 1]).reinterpretAsShorts()));
            q = q.add(w0.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 2]).reinterpretAsShorts()));
            q = q.add(w0.lanewise(VectorOperators.LSHL, 9).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 3]).reinterpretAsShorts()));
            q = q.add(w0.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 4]).reinterpretAsShorts()));
            q = q.add(w1.lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 5]).reinterpretAsShorts()));
            q = q.add(w1.lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 6]).reinterpretAsShorts()));
            q = q.add(w1.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 7]).reinterpretAsShorts()));
            ShortVector r = w1.lanewise(VectorOperators.LSHL, 9).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 8]).reinterpretAsShorts());
            r = r.add(w1.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 9]).reinterpretAsShorts()));
            r = r.add(w2.lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 10]).reinterpretAsShorts()));
            r = r.add(w2.lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 11]).reinterpretAsShorts()));
            r = r.add(w2.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 12]).reinterpretAsShorts()));
            r = r.add(w2.lanewise(VectorOperators.LSHL, 9).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 13]).reinterpretAsShorts()));
            r = r.add(w2.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 13).mul(IntVector.broadcast(INTS, pairs[p + 14]).reinterpretAsShorts()));
            r = r.add(w2.lanewise(VectorOperators.LSHL, 15).lanewise(VectorOperators.ASHR, 13).or(w1.and(LOWEST).lanewise(VectorOperators.LSHL, 1)).or(w0.and(LOWEST))
                    .mul(IntVector.broadcast(INTS, pairs[p + 15]).reinterpretAsShorts()));
            IntVector first = q.reinterpretAsInts();
            IntVector firstScale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + 2 * step * ROWS), LE)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            sum = sum.add(first.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(first.lanewise(VectorOperators.ASHR, 16)).mul(firstScale));
            IntVector second = r.reinterpretAsInts();
            IntVector secondScale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + (2 * step + 1) * ROWS), LE)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            sum = sum.add(second.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(second.lanewise(VectorOperators.ASHR, 16)).mul(secondScale));
        }
        sum.intoArray(ints, 0);
        header(w, at, D, -1, scales);
    }

    @Override
    void unpack(MemorySegment w, long at, int member, UnpackedGroup into) {
        header(w, at, D, -1, into.d);
        unpackRowBytes(w, at + SCALES, ROWS, 16, true, 1, into.scales);
        short[] levels = into.levels;
        for (int step = 0; step < 8; step++) {
            long words = at + STEPS + (long) step * STEP;
            ShortVector w0 = ShortVector.fromMemorySegment(SHORTS, w, words, LE);
            ShortVector w1 = ShortVector.fromMemorySegment(SHORTS, w, words + BLOCK_BYTES, LE);
            ShortVector w2 = ShortVector.fromMemorySegment(SHORTS, w, words + 2 * BLOCK_BYTES, LE);
            int p = 16 * step * LANES;
            w0.lanewise(VectorOperators.ASHR, 13).intoArray(levels, p);
            w0.lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + LANES);
            w0.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 2 * LANES);
            w0.lanewise(VectorOperators.LSHL, 9).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 3 * LANES);
            w0.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 4 * LANES);
            w1.lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 5 * LANES);
            w1.lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 6 * LANES);
            w1.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 7 * LANES);
            w1.lanewise(VectorOperators.LSHL, 9).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 8 * LANES);
            w1.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 9 * LANES);
            w2.lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 10 * LANES);
            w2.lanewise(VectorOperators.LSHL, 3).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 11 * LANES);
            w2.lanewise(VectorOperators.LSHL, 6).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 12 * LANES);
            w2.lanewise(VectorOperators.LSHL, 9).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 13 * LANES);
            w2.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 13).intoArray(levels, p + 14 * LANES);
            w2.lanewise(VectorOperators.LSHL, 15).lanewise(VectorOperators.ASHR, 13).or(w1.and(LOWEST).lanewise(VectorOperators.LSHL, 1)).or(w0.and(LOWEST)).intoArray(levels, p + 15 * LANES);
        }
    }
}
