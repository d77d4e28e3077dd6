package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One K-quant type's repacked layout and its two kernels. A group of {@link RowGroupLanes#ROWS}
 * rows is stored super-block by super-block; within a super-block, the per-row floats and scale
 * bytes come first, then the levels in planes of {@link RowGroupLanes#BLOCK_BYTES}-byte blocks
 * (see {@link RowGroupLanes} for which lane holds which row and value). The planes come last
 * because scale bytes are read eight at a time even when a group has fewer rows.
 *
 * <p>Both kernels compute, per row and position, exact integer sums per super-block and then the
 * same float operations in the same order, so a row's result for a position does not depend on
 * which kernel ran it or on the other positions of the batch.
 */
public abstract sealed class KQuantKernel permits Q4KKernel {

    public static KQuantKernel of(TensorType type) {
        return switch (type) {
            case Q4_K -> new Q4KKernel();
            default -> throw new IllegalArgumentException(type + " is not a K-quant");
        };
    }

    /** Bytes of one super-block of one group. */
    abstract int groupBlockBytes();

    /**
     * Writes one group's super-block: {@code levels[r][i]} are row r's stored levels (as ggml
     * stores them, see {@code gguf.KQuantBlock}), {@code scales}/{@code mins} its sub-block
     * integers, {@code d}/{@code dmin} its super-block scales. Rows past the matrix are all zero.
     */
    abstract void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target);

    /** One position: {@code out[outAt + r]} for the group's first {@code rows} rows. */
    abstract void multiply(MemorySegment w, long group, int superBlocks, Q8KActivation x, int position, float[] out, int outAt, int rows);

    /**
     * Four positions from {@code position}, each weight block unpacked once for all four:
     * {@code out[outAt + k * outStride + r]} for position {@code position + k}.
     */
    abstract void multiply4(MemorySegment w, long group, int superBlocks, Q8KActivation x, int position, float[] out, int outAt,
                            int outStride, int rows);

    /** ORs {@code level} (of {@code bits} bits) in as value i of row r of the plane at {@code plane}. */
    static void putLevel(MemorySegment target, long plane, int bits, int r, int i, int level) {
        int perLane = 16 / bits;
        int step = i / 2;
        int lane = 2 * r + (i & 1);
        int bitInLane = (step % perLane) * bits;
        long at = plane + (long) (step / perLane) * BLOCK_BYTES + 2L * lane + bitInLane / 8;
        target.set(ValueLayout.JAVA_BYTE, at, (byte) (target.get(ValueLayout.JAVA_BYTE, at) | level << (bitInLane % 8)));
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
