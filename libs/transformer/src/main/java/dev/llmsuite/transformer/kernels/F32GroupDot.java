package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.F32Matrix.F;
import static dev.llmsuite.transformer.kernels.F32Matrix.LANES;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * The kernels over {@link F32Matrix}'s row groups: a column of weights (one float per row) times
 * one activation value broadcast to every lane, one fused multiply-add per column into each
 * lane's running sum, from the first column to the last. Independent sums (several groups or
 * positions) hide the multiply-add's latency; no kernel splits a row's sum. Each writes a row
 * group's {@code LANES} results with one vector store.
 *
 * <p>The kernels spell their vector operations out (see {@link RowGroupLanes} for why C2 needs that).
 */
final class F32GroupDot {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Bytes of one column of a group. */
    private static final long COLUMN = 4L * LANES;

    private F32GroupDot() {
    }

    /** One row group at byte {@code at} times the position at {@code x[xAt ...]} into {@code out[outAt ...]}. */
    static void group(MemorySegment w, long at, float[] x, int xAt, int columns, float[] out, int outAt) {
        FloatVector acc = FloatVector.zero(F);
        for (int c = 0; c < columns; c++) {
            acc = FloatVector.fromMemorySegment(F, w, at + c * COLUMN, LE).fma(FloatVector.broadcast(F, x[xAt + c]), acc);
        }
        acc.intoArray(out, outAt);
    }

    /**
     * Two row groups ({@code stride} bytes apart) times four positions ({@code p0} to {@code p3},
     * each with {@code columns} values and {@code rows} outputs; a position may repeat, the same
     * results are then written twice): per column, two weight vectors serve eight multiply-adds.
     * The second group's results go {@code LANES} after the first's, from output {@code firstRow}.
     */
    static void tile2x4(MemorySegment w, long at, long stride, float[] x, int columns, float[] out, int rows, int firstRow,
                        int p0, int p1, int p2, int p3) {
        int x0At = p0 * columns;
        int x1At = p1 * columns;
        int x2At = p2 * columns;
        int x3At = p3 * columns;
        FloatVector acc00 = FloatVector.zero(F);
        FloatVector acc01 = FloatVector.zero(F);
        FloatVector acc02 = FloatVector.zero(F);
        FloatVector acc03 = FloatVector.zero(F);
        FloatVector acc10 = FloatVector.zero(F);
        FloatVector acc11 = FloatVector.zero(F);
        FloatVector acc12 = FloatVector.zero(F);
        FloatVector acc13 = FloatVector.zero(F);
        for (int c = 0; c < columns; c++) {
            long column = at + c * COLUMN;
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, column, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, column + stride, LE);
            FloatVector x0 = FloatVector.broadcast(F, x[x0At + c]);
            acc00 = w0.fma(x0, acc00);
            acc10 = w1.fma(x0, acc10);
            FloatVector x1 = FloatVector.broadcast(F, x[x1At + c]);
            acc01 = w0.fma(x1, acc01);
            acc11 = w1.fma(x1, acc11);
            FloatVector x2 = FloatVector.broadcast(F, x[x2At + c]);
            acc02 = w0.fma(x2, acc02);
            acc12 = w1.fma(x2, acc12);
            FloatVector x3 = FloatVector.broadcast(F, x[x3At + c]);
            acc03 = w0.fma(x3, acc03);
            acc13 = w1.fma(x3, acc13);
        }
        acc00.intoArray(out, p0 * rows + firstRow);
        acc10.intoArray(out, p0 * rows + firstRow + LANES);
        acc01.intoArray(out, p1 * rows + firstRow);
        acc11.intoArray(out, p1 * rows + firstRow + LANES);
        acc02.intoArray(out, p2 * rows + firstRow);
        acc12.intoArray(out, p2 * rows + firstRow + LANES);
        acc03.intoArray(out, p3 * rows + firstRow);
        acc13.intoArray(out, p3 * rows + firstRow + LANES);
    }

    /**
     * Four row groups ({@code stride} bytes apart) times four positions ({@code p0} to {@code p3},
     * as in {@link #tile2x4}; a position may repeat): per column, four loads of weights and four
     * broadcasts serve sixteen multiply-adds, whose sums stay in registers. Group k's results go
     * {@code k * LANES} after the first group's, from output {@code firstRow}.
     */
    static void tile4x4(MemorySegment w, long at, long stride, float[] x, int columns, float[] out, int rows, int firstRow,
                        int p0, int p1, int p2, int p3) {
        int x0At = p0 * columns;
        int x1At = p1 * columns;
        int x2At = p2 * columns;
        int x3At = p3 * columns;
        FloatVector acc00 = FloatVector.zero(F);
        FloatVector acc01 = FloatVector.zero(F);
        FloatVector acc02 = FloatVector.zero(F);
        FloatVector acc03 = FloatVector.zero(F);
        FloatVector acc10 = FloatVector.zero(F);
        FloatVector acc11 = FloatVector.zero(F);
        FloatVector acc12 = FloatVector.zero(F);
        FloatVector acc13 = FloatVector.zero(F);
        FloatVector acc20 = FloatVector.zero(F);
        FloatVector acc21 = FloatVector.zero(F);
        FloatVector acc22 = FloatVector.zero(F);
        FloatVector acc23 = FloatVector.zero(F);
        FloatVector acc30 = FloatVector.zero(F);
        FloatVector acc31 = FloatVector.zero(F);
        FloatVector acc32 = FloatVector.zero(F);
        FloatVector acc33 = FloatVector.zero(F);
        for (int c = 0; c < columns; c++) {
            long column = at + c * COLUMN;
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, column, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, column + stride, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, column + 2 * stride, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, column + 3 * stride, LE);
            FloatVector x0 = FloatVector.broadcast(F, x[x0At + c]);
            acc00 = w0.fma(x0, acc00);
            acc10 = w1.fma(x0, acc10);
            acc20 = w2.fma(x0, acc20);
            acc30 = w3.fma(x0, acc30);
            FloatVector x1 = FloatVector.broadcast(F, x[x1At + c]);
            acc01 = w0.fma(x1, acc01);
            acc11 = w1.fma(x1, acc11);
            acc21 = w2.fma(x1, acc21);
            acc31 = w3.fma(x1, acc31);
            FloatVector x2 = FloatVector.broadcast(F, x[x2At + c]);
            acc02 = w0.fma(x2, acc02);
            acc12 = w1.fma(x2, acc12);
            acc22 = w2.fma(x2, acc22);
            acc32 = w3.fma(x2, acc32);
            FloatVector x3 = FloatVector.broadcast(F, x[x3At + c]);
            acc03 = w0.fma(x3, acc03);
            acc13 = w1.fma(x3, acc13);
            acc23 = w2.fma(x3, acc23);
            acc33 = w3.fma(x3, acc33);
        }
        acc00.intoArray(out, p0 * rows + firstRow);
        acc10.intoArray(out, p0 * rows + firstRow + LANES);
        acc20.intoArray(out, p0 * rows + firstRow + 2 * LANES);
        acc30.intoArray(out, p0 * rows + firstRow + 3 * LANES);
        acc01.intoArray(out, p1 * rows + firstRow);
        acc11.intoArray(out, p1 * rows + firstRow + LANES);
        acc21.intoArray(out, p1 * rows + firstRow + 2 * LANES);
        acc31.intoArray(out, p1 * rows + firstRow + 3 * LANES);
        acc02.intoArray(out, p2 * rows + firstRow);
        acc12.intoArray(out, p2 * rows + firstRow + LANES);
        acc22.intoArray(out, p2 * rows + firstRow + 2 * LANES);
        acc32.intoArray(out, p2 * rows + firstRow + 3 * LANES);
        acc03.intoArray(out, p3 * rows + firstRow);
        acc13.intoArray(out, p3 * rows + firstRow + LANES);
        acc23.intoArray(out, p3 * rows + firstRow + 2 * LANES);
        acc33.intoArray(out, p3 * rows + firstRow + 3 * LANES);
    }
}
