package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.FLOATS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One K-quant type's repacked layout and kernels. A group of {@link RowGroupLanes#ROWS} rows is
 * stored super-block by super-block; within a super-block, the per-row floats and scale bytes
 * come first, then the levels in planes of {@link RowGroupLanes#BLOCK_BYTES}-byte blocks (see
 * {@link RowGroupLanes} for which lane holds which row and value). The planes come last because
 * scale bytes are read eight at a time even when a group has fewer rows.
 *
 * <p>Each type has its own matrix-vector step ({@link #superBlock}), which unpacks levels as it
 * multiplies. The matrix-matrix kernel is shared: a type unpacks a group's super-block once into
 * an {@link UnpackedGroup}, which then serves every position. The loops around both are here;
 * results pass between the methods in small int and float arrays (see {@link RowGroupLanes} for
 * why no vector crosses a method boundary). Both reach the same integers per
 * super-block (see {@link UnpackedGroup}) and finish with the same float operations in the same
 * order, per row {@code acc = fma(d * dx, sum, acc)}, {@code accMins = fma(dmin * dx, mins,
 * accMins)} and at the end {@code acc - accMins}, so a row's result for a position does not
 * depend on which kernel ran it or on the other positions of the batch.
 */
public abstract sealed class KQuantKernel permits Q2KKernel, Q3KKernel, Q4KKernel, Q5KKernel, Q6KKernel {

    public static KQuantKernel of(TensorType type) {
        return switch (type) {
            case Q2_K -> new Q2KKernel();
            case Q3_K -> new Q3KKernel();
            case Q4_K -> new Q4KKernel();
            case Q5_K -> new Q5KKernel();
            case Q6_K -> new Q6KKernel();
            default -> throw new IllegalArgumentException(type + " is not a K-quant");
        };
    }

    /** Whether the type has per-sub-block mins (Q2_K, Q4_K, Q5_K); Q3_K and Q6_K centre their levels instead. */
    abstract boolean hasMins();

    /** Bytes of one super-block of one group. */
    abstract int groupBlockBytes();

    /**
     * Writes one group's super-block: {@code levels[r][i]} are row r's stored levels (as ggml
     * stores them, see {@code gguf.KQuantBlock}), {@code scales}/{@code mins} its sub-block
     * integers, {@code d}/{@code dmin} its super-block scales. Rows past the matrix are all zero.
     */
    abstract void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target);

    /**
     * The group's super-block b (at {@code at}) times the one position of {@code x}, unpacking
     * as it goes: per row the sum and then the mins of {@link UnpackedGroup}'s integer form into
     * {@code ints}, d and then dmin into {@code scales} (types without mins leave those at zero).
     */
    abstract void superBlock(MemorySegment w, long at, Q8KActivation x, int b, int[] ints, float[] scales);

    /** Groups [from, to) (of {@code groupBytes} each) times the one position of {@code x}: {@code out[g * ROWS + r]}. */
    final void multiply(MemorySegment w, long groupBytes, int from, int to, int superBlocks, Q8KActivation x, float[] out, int rows) {
        int[] ints = new int[2 * ROWS];
        float[] scales = new float[2 * ROWS];
        float[] acc = new float[2 * ROWS];
        for (int g = from; g < to; g++) {
            java.util.Arrays.fill(acc, 0f);
            for (int b = 0; b < superBlocks; b++) {
                superBlock(w, g * groupBytes + (long) b * groupBlockBytes(), x, b, ints, scales);
                foldSuperBlock(scales, x.scale(0, b), ints, acc, 0);
            }
            finish(acc, 0, out, g * ROWS, g, rows);
        }
    }

    /** Unpacks the group's super-block at {@code at}. */
    abstract void unpack(MemorySegment w, long at, UnpackedGroup into);

    /** Positions multiplied together per unpacked super-block by {@link #dotColumns8}. */
    private static final int POSITION_TILE = 8;

    /**
     * Groups [from, to) (of {@code groupBytes} each) times every position of {@code x}:
     * {@code out[t * rows + g * ROWS + r]}. A group's super-blocks are unpacked one at a time and
     * each serves all positions, eight at a time (the last tile repeats its last position and
     * folds it once).
     */
    final void multiplyMany(MemorySegment w, long groupBytes, int from, int to, int superBlocks, Q8KActivation x, float[] out, int rows) {
        int count = x.positions();
        UnpackedGroup unpacked = new UnpackedGroup();
        int[] tile = new int[POSITION_TILE];
        int[] sums = new int[POSITION_TILE * ROWS];
        int[] ints = new int[2 * ROWS];
        float[] acc = new float[2 * ROWS * count];
        for (int g = from; g < to; g++) {
            java.util.Arrays.fill(acc, 0f);
            for (int b = 0; b < superBlocks; b++) {
                unpack(w, g * groupBytes + (long) b * groupBlockBytes(), unpacked);
                unpacked.levelsToColumns();
                for (int t = 0; t < count; t += POSITION_TILE) {
                    for (int k = 0; k < POSITION_TILE; k++) {
                        tile[k] = Math.min(t + k, count - 1);
                    }
                    dotColumns8(unpacked, x, b, tile, sums);
                    for (int k = 0; k < POSITION_TILE && t + k < count; k++) {
                        if (hasMins()) {
                            fold(unpacked, x, b, t + k, sums, k * ROWS, ints, acc);
                        } else {
                            foldWithoutMins(unpacked, x, b, t + k, sums, k * ROWS, acc);
                        }
                    }
                }
            }
            for (int t = 0; t < count; t++) {
                finish(acc, 2 * ROWS * t, out, t * rows + g * ROWS, g, rows);
            }
        }
    }

    /**
     * sum_j scale_j * (value . x)_j for the eight positions {@code tile[k]} into
     * {@code sums[k * ROWS ...]}. Per column, the group's levels as one float vector times each
     * position's integer broadcast: a block's 16 products per lane add up exactly in float (at
     * most 16 * 32 * 127), and are then converted, scaled and summed as integers, the same
     * integers the matrix-vector kernels reach. Eight positions give eight independent sums per
     * column for one load of levels, enough to keep both multiply-add units busy.
     */
    private static void dotColumns8(UnpackedGroup unpacked, Q8KActivation x, int b, int[] tile, int[] sums) {
        float[] values = x.values;
        float[] columns = unpacked.columns;
        int x0 = x.valueBase(tile[0], b);
        int x1 = x.valueBase(tile[1], b);
        int x2 = x.valueBase(tile[2], b);
        int x3 = x.valueBase(tile[3], b);
        int x4 = x.valueBase(tile[4], b);
        int x5 = x.valueBase(tile[5], b);
        int x6 = x.valueBase(tile[6], b);
        int x7 = x.valueBase(tile[7], b);
        IntVector sum0 = IntVector.zero(INTS);
        IntVector sum1 = IntVector.zero(INTS);
        IntVector sum2 = IntVector.zero(INTS);
        IntVector sum3 = IntVector.zero(INTS);
        IntVector sum4 = IntVector.zero(INTS);
        IntVector sum5 = IntVector.zero(INTS);
        IntVector sum6 = IntVector.zero(INTS);
        IntVector sum7 = IntVector.zero(INTS);
        for (int j = 0; j < UnpackedGroup.BLOCKS; j++) {
            FloatVector s0 = FloatVector.zero(FLOATS);
            FloatVector s1 = FloatVector.zero(FLOATS);
            FloatVector s2 = FloatVector.zero(FLOATS);
            FloatVector s3 = FloatVector.zero(FLOATS);
            FloatVector s4 = FloatVector.zero(FLOATS);
            FloatVector s5 = FloatVector.zero(FLOATS);
            FloatVector s6 = FloatVector.zero(FLOATS);
            FloatVector s7 = FloatVector.zero(FLOATS);
            for (int c = 16 * j; c < 16 * j + 16; c++) {
                FloatVector level = FloatVector.fromArray(FLOATS, columns, c * ROWS);
                s0 = level.fma(FloatVector.broadcast(FLOATS, values[x0 + c]), s0);
                s1 = level.fma(FloatVector.broadcast(FLOATS, values[x1 + c]), s1);
                s2 = level.fma(FloatVector.broadcast(FLOATS, values[x2 + c]), s2);
                s3 = level.fma(FloatVector.broadcast(FLOATS, values[x3 + c]), s3);
                s4 = level.fma(FloatVector.broadcast(FLOATS, values[x4 + c]), s4);
                s5 = level.fma(FloatVector.broadcast(FLOATS, values[x5 + c]), s5);
                s6 = level.fma(FloatVector.broadcast(FLOATS, values[x6 + c]), s6);
                s7 = level.fma(FloatVector.broadcast(FLOATS, values[x7 + c]), s7);
            }
            IntVector scale = IntVector.fromArray(INTS, unpacked.scales, j * ROWS);
            sum0 = sum0.add(((IntVector) s0.convert(VectorOperators.F2I, 0)).mul(scale));
            sum1 = sum1.add(((IntVector) s1.convert(VectorOperators.F2I, 0)).mul(scale));
            sum2 = sum2.add(((IntVector) s2.convert(VectorOperators.F2I, 0)).mul(scale));
            sum3 = sum3.add(((IntVector) s3.convert(VectorOperators.F2I, 0)).mul(scale));
            sum4 = sum4.add(((IntVector) s4.convert(VectorOperators.F2I, 0)).mul(scale));
            sum5 = sum5.add(((IntVector) s5.convert(VectorOperators.F2I, 0)).mul(scale));
            sum6 = sum6.add(((IntVector) s6.convert(VectorOperators.F2I, 0)).mul(scale));
            sum7 = sum7.add(((IntVector) s7.convert(VectorOperators.F2I, 0)).mul(scale));
        }
        sum0.intoArray(sums, 0);
        sum1.intoArray(sums, ROWS);
        sum2.intoArray(sums, 2 * ROWS);
        sum3.intoArray(sums, 3 * ROWS);
        sum4.intoArray(sums, 4 * ROWS);
        sum5.intoArray(sums, 5 * ROWS);
        sum6.intoArray(sums, 6 * ROWS);
        sum7.intoArray(sums, 7 * ROWS);
    }

    /**
     * Position t's sums ({@code sums[at ...]}) and its mins for one unpacked super-block, gathered
     * in the scratch {@code ints} and folded into its accumulators.
     */
    private static void fold(UnpackedGroup unpacked, Q8KActivation x, int b, int t, int[] sums, int at, int[] ints, float[] acc) {
        IntVector mins = IntVector.zero(INTS);
        for (int j = 0; j < UnpackedGroup.BLOCKS; j++) {
            mins = mins.add(IntVector.fromArray(INTS, unpacked.mins, j * ROWS).mul(x.sum16(t, b, j)));
        }
        System.arraycopy(sums, at, ints, 0, ROWS);
        mins.intoArray(ints, ROWS);
        foldSuperBlock(unpacked.d, x.scale(t, b), ints, acc, 2 * ROWS * t);
    }

    /**
     * {@link #fold} for types without mins (Q3_K, Q6_K): only the sums, with {@link #foldSuperBlock}'s
     * operations; the accumulators of mins stay zero.
     */
    private static void foldWithoutMins(UnpackedGroup unpacked, Q8KActivation x, int b, int t, int[] sums, int at, float[] acc) {
        int accAt = 2 * ROWS * t;
        FloatVector sum = (FloatVector) IntVector.fromArray(INTS, sums, at).convert(VectorOperators.I2F, 0);
        FloatVector.fromArray(FLOATS, unpacked.d, 0).mul(x.scale(t, b)).fma(sum, FloatVector.fromArray(FLOATS, acc, accAt)).intoArray(acc, accAt);
    }

    /**
     * The float part of every kernel, per row: {@code acc += (d * dx) * sum} and, beside it,
     * {@code accMins += (dmin * dx) * mins}, for one super-block; {@code scales} and {@code ints}
     * hold d then dmin, sum then mins, {@code acc} the two accumulators from {@code at}.
     */
    static void foldSuperBlock(float[] scales, float dx, int[] ints, float[] acc, int at) {
        FloatVector sum = (FloatVector) IntVector.fromArray(INTS, ints, 0).convert(VectorOperators.I2F, 0);
        FloatVector.fromArray(FLOATS, scales, 0).mul(dx).fma(sum, FloatVector.fromArray(FLOATS, acc, at)).intoArray(acc, at);
        FloatVector mins = (FloatVector) IntVector.fromArray(INTS, ints, ROWS).convert(VectorOperators.I2F, 0);
        FloatVector.fromArray(FLOATS, scales, ROWS).mul(dx).fma(mins, FloatVector.fromArray(FLOATS, acc, at + ROWS)).intoArray(acc, at + ROWS);
    }

    /** Group g's results {@code acc - accMins} (accumulators from {@code at}) into {@code out[to ...]}, only the rows the matrix has. */
    static void finish(float[] acc, int at, float[] out, int to, int g, int rows) {
        FloatVector result = FloatVector.fromArray(FLOATS, acc, at).sub(FloatVector.fromArray(FLOATS, acc, at + ROWS));
        if (g * ROWS + ROWS <= rows) {
            result.intoArray(out, to);
        } else {
            result.intoArray(out, to, FLOATS.indexInRange(0, rows - g * ROWS));
        }
    }

    /** Copies the group's d (and dmin, when the type has mins; else zeros) from the super-block at {@code at} into {@code into}. */
    static void header(MemorySegment w, long at, int d, int dmin, float[] into) {
        MemorySegment.copy(w, ValueLayout.JAVA_FLOAT_UNALIGNED, at + d, into, 0, ROWS);
        if (dmin >= 0) {
            MemorySegment.copy(w, ValueLayout.JAVA_FLOAT_UNALIGNED, at + dmin, into, ROWS, ROWS);
        }
    }

    /**
     * Widens {@code count} runs of per-row bytes at {@code at} into {@code into}, each run
     * {@code repeat} times (a sub-block spanning several product blocks).
     */
    static void unpackRowBytes(MemorySegment w, long at, int count, boolean signed, int repeat, int[] into) {
        for (int j = 0; j < count; j++) {
            for (int r = 0; r < ROWS; r++) {
                byte value = w.get(ValueLayout.JAVA_BYTE, at + (j * ROWS + r));
                for (int k = 0; k < repeat; k++) {
                    into[(j * repeat + k) * ROWS + r] = signed ? value : value & 0xFF;
                }
            }
        }
    }

    /**
     * Writes the plane at {@code plane} of {@code bits}-bit fields, field = {@code (levels[r][i] >> shift) & mask}:
     * one 16-bit lane per row and parity holds {@code 16 / bits} consecutive pair steps.
     */
    static void putPlane(MemorySegment target, long plane, int bits, int[][] levels, int shift, int mask) {
        putPlane(target, plane, Integer.MAX_VALUE, 0, bits, levels, shift, mask);
    }

    /**
     * {@link #putPlane}, with the plane's blocks in runs of {@code run} blocks every {@code stride}
     * bytes, so that two planes a kernel reads together interleave in the order it reads them.
     * Why: a matrix-vector kernel streams its weights from memory once, and the hardware
     * prefetchers keep up with one ascending stream per thread far better than with two.
     */
    static void putPlane(MemorySegment target, long plane, int run, long stride, int bits, int[][] levels, int shift, int mask) {
        int perLane = 16 / bits;
        int lanes = 2 * ROWS;
        for (int block = 0; block < 128 / perLane; block++) {
            for (int lane = 0; lane < lanes; lane++) {
                int[] row = levels[lane / 2];
                int packed = 0;
                for (int k = 0; k < perLane; k++) {
                    int i = 2 * (block * perLane + k) + (lane & 1);
                    packed |= ((row[i] >> shift) & mask) << (k * bits);
                }
                long at = plane + (block / run) * stride + (long) (block % run) * BLOCK_BYTES;
                target.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 2L * lane, (short) packed);
            }
        }
    }

    /** Writes the group's per-row floats (one {@code float[ROWS]}) at {@code at}. */
    static void putRowFloats(MemorySegment target, long at, float[] values) {
        for (int r = 0; r < ROWS; r++) {
            target.set(ValueLayout.JAVA_FLOAT_UNALIGNED, at + 4L * r, values[r]);
        }
    }

    /** Writes sub-block j's integer of every row ({@code values[r][j]}) as one byte per row, runs of {@code ROWS} bytes per j. */
    static void putRowBytes(MemorySegment target, long at, int[][] values, int subBlocks) {
        for (int j = 0; j < subBlocks; j++) {
            for (int r = 0; r < ROWS; r++) {
                target.set(ValueLayout.JAVA_BYTE, at + (long) j * ROWS + r, (byte) values[r][j]);
            }
        }
    }
}
