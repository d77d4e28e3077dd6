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
 * Q4_K: eight sub-blocks of 32 four-bit levels with six-bit scales and mins. The matrix-vector
 * kernel sums a whole sub-block (16 pair steps, four nibble blocks) in 16-bit lanes, within
 * 16 * 15 * 127.
 *
 * <p>Group super-block layout: d and dmin (a float per row), the eight scales and the eight mins
 * (a byte per row each), then 32 nibble blocks.
 */
final class Q4KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int DMIN = 4 * ROWS;
    private static final int SCALES = 8 * ROWS;
    private static final int MINS = 16 * ROWS;
    private static final int LEVELS = 24 * ROWS;

    @Override
    boolean hasMins() {
        return true;
    }

    @Override
    int blocksPerFold() {
        return 2;
    }

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
        putPlane(target, LEVELS, 4, levels, 0, 0xF);
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        ShortVector lowNibble = ShortVector.broadcast(SHORTS, (short) 0xF);
        IntVector sum = IntVector.zero(INTS);
        IntVector mins = IntVector.zero(INTS);
        for (int j = 0; j < 8; j++) {
            ShortVector q = ShortVector.zero(SHORTS);
            for (int block = 0; block < 4; block++) {
                ShortVector nibbles = ShortVector.fromMemorySegment(SHORTS, w, at + (LEVELS + (4 * j + block) * BLOCK_BYTES), LE);
                int step = base + 16 * j + 4 * block;
                q = q.add(nibbles.and(lowNibble).mul(IntVector.broadcast(INTS, pairs[step]).reinterpretAsShorts()));
                q = q.add(nibbles.lanewise(VectorOperators.LSHR, 4).and(lowNibble).mul(IntVector.broadcast(INTS, pairs[step + 1]).reinterpretAsShorts()));
                q = q.add(nibbles.lanewise(VectorOperators.LSHR, 8).and(lowNibble).mul(IntVector.broadcast(INTS, pairs[step + 2]).reinterpretAsShorts()));
                q = q.add(nibbles.lanewise(VectorOperators.LSHR, 12).mul(IntVector.broadcast(INTS, pairs[step + 3]).reinterpretAsShorts()));
            }
            IntVector wide = q.reinterpretAsInts();
            IntVector scale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + j * ROWS), LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            sum = sum.add(wide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            IntVector min = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (MINS + j * ROWS), LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            mins = mins.add(min.mul(x.sum16(t, b, 2 * j) + x.sum16(t, b, 2 * j + 1)));
        }
        sum.intoArray(ints, 0);
        mins.intoArray(ints, ROWS);
        header(w, at, D, DMIN, scales);
    }

    @Override
    void unpack(MemorySegment w, long at, UnpackedGroup into) {
        header(w, at, D, DMIN, into.d);
        unpackRowBytes(w, at + SCALES, 8, false, 2, into.scales);
        unpackRowBytes(w, at + MINS, 8, false, 2, into.mins);
        for (int block = 0; block < 32; block++) {
            ShortVector nibbles = ShortVector.fromMemorySegment(SHORTS, w, at + (LEVELS + block * BLOCK_BYTES), LE);
            for (int k = 0; k < 4; k++) {
                nibbles.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF).intoArray(into.levels, (4 * block + k) * LANES);
            }
        }
    }
}
