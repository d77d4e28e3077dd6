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
 * Q2_K: sixteen sub-blocks of 16 two-bit levels with a four-bit scale and a four-bit min each,
 * kept packed in one byte as ggml stores them. A sub-block is 8 pair steps, one two-bit block.
 *
 * <p>Group super-block layout: d and dmin (a float per row), the sixteen scale-and-min bytes (a
 * byte per row each), 16 two-bit blocks.
 */
final class Q2KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int DMIN = 4 * ROWS;
    private static final int SCALES = 8 * ROWS;
    private static final int LEVELS = 24 * ROWS;

    @Override
    boolean hasMins() {
        return true;
    }

    @Override
    int groupBlockBytes() {
        return LEVELS + 16 * BLOCK_BYTES;
    }

    @Override
    void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target) {
        putRowFloats(target, D, d);
        putRowFloats(target, DMIN, dmin);
        int[][] packed = new int[ROWS][16];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < 16; j++) {
                packed[r][j] = scales[r][j] | mins[r][j] << 4;
            }
        }
        putRowBytes(target, SCALES, ROWS, packed, 16);
        putPlane(target, LEVELS, 2, levels, 0, 3);
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.pairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        IntVector mins = IntVector.zero(INTS);
        for (int j = 0; j < 16; j++) {
            ShortVector crumbs = ShortVector.fromMemorySegment(SHORTS, w, at + (LEVELS + j * BLOCK_BYTES), LE);
            ShortVector q = ShortVector.zero(SHORTS);
            for (int c = 0; c < 8; c++) {
                q = q.add(crumbs.lanewise(VectorOperators.LSHR, 2 * c).and((short) 3)
                        .mul(IntVector.broadcast(INTS, pairs[base + 8 * j + c]).reinterpretAsShorts()));
            }
            IntVector wide = q.reinterpretAsInts();
            IntVector packed = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, at + (SCALES + j * ROWS), LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            sum = sum.add(wide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide.lanewise(VectorOperators.ASHR, 16)).mul(packed.and(0xF)));
            mins = mins.add(packed.lanewise(VectorOperators.LSHR, 4).mul(x.sum16(t, b, j)));
        }
        sum.intoArray(ints, 0);
        mins.intoArray(ints, ROWS);
        header(w, at, D, DMIN, scales);
    }

    @Override
    void unpack(MemorySegment w, long at, int member, UnpackedGroup into) {
        header(w, at, D, DMIN, into.d);
        for (int j = 0; j < 16; j++) {
            for (int r = 0; r < ROWS; r++) {
                int packed = w.get(ValueLayout.JAVA_BYTE, at + (SCALES + j * ROWS + r)) & 0xFF;
                into.scales[j * ROWS + r] = packed & 0xF;
                into.mins[j * ROWS + r] = packed >> 4;
            }
            ShortVector crumbs = ShortVector.fromMemorySegment(SHORTS, w, at + (LEVELS + j * BLOCK_BYTES), LE);
            for (int c = 0; c < 8; c++) {
                crumbs.lanewise(VectorOperators.LSHR, 2 * c).and((short) 3).intoArray(into.levels, (8 * j + c) * LANES);
            }
        }
    }
}
