package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LANES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LE;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROW_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K: eight sub-blocks of 32 four-bit levels with six-bit scales and mins. The matrix-vector
 * kernel sums a whole sub-block (16 pair steps, four nibble blocks) in 16-bit lanes, within
 * 16 * 15 * 127.
 *
 * <p>It multiplies nibbles without masking them. A lane of a nibble block holds four steps' levels
 * n0..n3; shifted right by 4k it reads a_k = n_k + 16 * a_(k+1), so n_k = a_k - 16 * a_(k+1) and
 * <pre>
 *   n0 x0 + n1 x1 + n2 x2 + n3 x3 = a0 x0 + a1 (x1 - 16 x0) + a2 (x2 - 16 x1) + a3 (x3 - 16 x2)
 * </pre>
 * with the activation's side precomputed once per token ({@link Q8KActivation#nibblePairs}). The
 * products wrap around in 16 bits, but the sum they add up to is the exact integer of the masked
 * form and fits in 16 bits, so the wrapped sum is that integer: the same result, without the three
 * masks per four steps that had been a sixth of the step's instructions.
 *
 * <p>Two row groups per block ({@link #groupsPerBlock()}): the matrix-vector step multiplies both
 * groups' nibbles by each broadcast activation pair, one broadcast per two multiplies. Block
 * super-block layout: d and dmin (a float per row, the first group's rows then the second's),
 * then per sub-block its step: the scale bytes (a byte per row, the first group's then the
 * second's), the min bytes alike, the first group's four nibble blocks and the second's. That is
 * the order the step reads them in, one ascending stream: with the scales and mins of all
 * sub-blocks ahead of the nibbles, as a one-group block keeps them, the two-group step read the
 * weights from memory at less than half its in-cache rate (see the README's 2026-12-07 morning
 * figures).
 */
final class Q4KKernel extends KQuantKernel {

    private static final int D = 0;
    private static final int DMIN = 8 * ROWS;
    private static final int STEPS = 16 * ROWS;
    /** A sub-block's step: both groups' scale bytes, both groups' min bytes, then four nibble blocks of each group. */
    private static final int STEP = 4 * ROWS + 8 * BLOCK_BYTES;
    private static final int SCALES = 0;
    private static final int MINS = 2 * ROWS;
    private static final int LEVELS = 4 * ROWS;

    @Override
    boolean hasMins() {
        return true;
    }

    @Override
    int blocksPerFold() {
        return 2;
    }

    @Override
    int groupsPerBlock() {
        return 2;
    }

    @Override
    int groupBlockBytes() {
        return STEPS + 8 * STEP;
    }

    /**
     * The matrix-vector step, which needs no masks, outruns unpacking with weights from memory:
     * 7.3 against 11.8 ns per block and position at 4 positions, 6.4 against 8.0 at 8, 6.2 against
     * 6.8 at 12 and level at 16 (one thread, README, 2026-12-07 evening). In cache unpacking is
     * ahead from 8 on (5.4 against 6.1 at 8, 4.9 against 6.1 at 12), so the steps stop at 8.
     * Decoding sequences read the weights from memory, and a batch of them is what this decides.
     */
    @Override
    int matrixVectorPositions() {
        return 8;
    }

    @Override
    void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target) {
        putRowFloats(target, D, d);
        putRowFloats(target, DMIN, dmin);
        putRowBytes(target, STEPS + SCALES, STEP, scales, 8);
        putRowBytes(target, STEPS + MINS, STEP, mins, 8);
        for (int member = 0; member < 2; member++) {
            putPlane(target, STEPS + LEVELS + 4L * member * BLOCK_BYTES, 4, STEP, 4,
                    Arrays.copyOfRange(levels, member * ROWS, member * ROWS + ROWS), 0, 0xF);
        }
    }

    @Override
    void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales) {
        int[] pairs = x.nibblePairs;
        int base = x.pairBase(t, b);
        IntVector sum = IntVector.zero(INTS);
        IntVector mins = IntVector.zero(INTS);
        IntVector otherSum = IntVector.zero(INTS);
        IntVector otherMins = IntVector.zero(INTS);
        for (int j = 0; j < 8; j++) {
            ShortVector q = ShortVector.zero(SHORTS);
            ShortVector r = ShortVector.zero(SHORTS);
            for (int block = 0; block < 4; block++) {
                long nibbleBlocks = at + STEPS + (long) j * STEP + LEVELS + (long) block * BLOCK_BYTES;
                ShortVector nibbles = ShortVector.fromMemorySegment(SHORTS, w, nibbleBlocks, LE);
                ShortVector others = ShortVector.fromMemorySegment(SHORTS, w, nibbleBlocks + 4 * BLOCK_BYTES, LE);
                int step = base + 16 * j + 4 * block;
                ShortVector pair0 = IntVector.broadcast(INTS, pairs[step]).reinterpretAsShorts();
                q = q.add(nibbles.mul(pair0));
                r = r.add(others.mul(pair0));
                ShortVector pair1 = IntVector.broadcast(INTS, pairs[step + 1]).reinterpretAsShorts();
                q = q.add(nibbles.lanewise(VectorOperators.LSHR, 4).mul(pair1));
                r = r.add(others.lanewise(VectorOperators.LSHR, 4).mul(pair1));
                ShortVector pair2 = IntVector.broadcast(INTS, pairs[step + 2]).reinterpretAsShorts();
                q = q.add(nibbles.lanewise(VectorOperators.LSHR, 8).mul(pair2));
                r = r.add(others.lanewise(VectorOperators.LSHR, 8).mul(pair2));
                ShortVector pair3 = IntVector.broadcast(INTS, pairs[step + 3]).reinterpretAsShorts();
                q = q.add(nibbles.lanewise(VectorOperators.LSHR, 12).mul(pair3));
                r = r.add(others.lanewise(VectorOperators.LSHR, 12).mul(pair3));
            }
            int xsum = x.sum16(t, b, 2 * j) + x.sum16(t, b, 2 * j + 1);
            long stepAt = at + STEPS + (long) j * STEP;
            IntVector wide = q.reinterpretAsInts();
            IntVector scale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, stepAt + SCALES, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            sum = sum.add(wide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            IntVector min = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, stepAt + MINS, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            mins = mins.add(min.mul(xsum));
            IntVector otherWide = r.reinterpretAsInts();
            IntVector otherScale = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, stepAt + SCALES + ROWS, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            otherSum = otherSum.add(otherWide.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(otherWide.lanewise(VectorOperators.ASHR, 16)).mul(otherScale));
            IntVector otherMin = (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, stepAt + MINS + ROWS, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            otherMins = otherMins.add(otherMin.mul(xsum));
        }
        sum.intoArray(ints, 0);
        mins.intoArray(ints, ROWS);
        otherSum.intoArray(ints, 2 * ROWS);
        otherMins.intoArray(ints, 3 * ROWS);
        memberHeader(w, at, 0, scales, 0);
        memberHeader(w, at, 1, scales, 2 * ROWS);
    }

    @Override
    void unpack(MemorySegment w, long at, int member, UnpackedGroup into) {
        memberHeader(w, at, member, into.d, 0);
        unpackRowBytes(w, at + STEPS + SCALES + member * ROWS, STEP, 8, false, 2, into.scales);
        unpackRowBytes(w, at + STEPS + MINS + member * ROWS, STEP, 8, false, 2, into.mins);
        for (int block = 0; block < 32; block++) {
            ShortVector nibbles = ShortVector.fromMemorySegment(SHORTS, w, at + STEPS + (long) (block / 4) * STEP + LEVELS + (4L * member + block % 4) * BLOCK_BYTES, LE);
            for (int k = 0; k < 4; k++) {
                nibbles.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF).intoArray(into.levels, (4 * block + k) * LANES);
            }
        }
    }

    /** Group {@code member}'s d and dmin into {@code into} from {@code from}. */
    private static void memberHeader(MemorySegment w, long at, int member, float[] into, int from) {
        header(w, at + 4L * ROWS * member, D, DMIN, into, from);
    }
}
