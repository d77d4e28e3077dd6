package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.Q8Matrix.BLOCK;
import static dev.llmsuite.transformer.kernels.Q8Matrix.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.Q8Matrix.F;
import static dev.llmsuite.transformer.kernels.Q8Matrix.LANES;
import static dev.llmsuite.transformer.kernels.Q8Matrix.SCALES;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels over {@link Q8Matrix}'s row groups: a column of levels (one byte per row) widened to
 * floats, times one activation value broadcast to every lane. Per block, each lane's sum of
 * products is an exact integer, so the kernels may split it into as many chains as their latency
 * needs; scaling it into the lane's accumulator happens block after block in every kernel alike.
 * Each writes a row group's {@code LANES} results with one vector store.
 *
 * <p>The kernels spell their vector operations out (see {@link RowGroupLanes} for why C2 needs that).
 */
final class Q8GroupDot {

    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Q8GroupDot() {
    }

    /**
     * One row group at byte {@code at} times the position at {@code x[xAt ...]} into
     * {@code out[outAt ...]}: two chains of sums, even and odd columns.
     *
     * <p>Why one column per iteration and a branch on its parity rather than two columns per
     * iteration: in this form C2 broadcasts each activation value straight from memory (a
     * broadcast with a memory operand, which costs only a load), while the two-column form loaded
     * it into a register first and broadcast from there, one more vector operation per column on
     * the pipes that the conversions and multiply-adds share. The branch alternates and costs
     * nothing measurable. {@code ./suite bench kernels}, one thread, batch 1: 12.4 against 14.4 ns
     * per block in cache and from memory (AMD EPYC Zen 4, README, 2026-12-08 morning).
     */
    static void group(MemorySegment w, long at, float[] x, int xAt, float[] xScales, int xScaleAt, int blocks, float[] out, int outAt) {
        FloatVector acc = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long block = at + b * BLOCK_BYTES;
            int xBlock = xAt + b * BLOCK;
            FloatVector even = FloatVector.zero(F);
            FloatVector odd = FloatVector.zero(F);
            for (int c = 0; c < BLOCK; c++) {
                FloatVector value = FloatVector.broadcast(F, x[xBlock + c]);
                FloatVector levels = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, block + (long) c * LANES, LE)
                        .convertShape(VectorOperators.B2F, F, 0);
                if ((c & 1) == 0) {
                    even = levels.fma(value, even);
                } else {
                    odd = levels.fma(value, odd);
                }
            }
            acc = even.add(odd).fma(FloatVector.fromMemorySegment(F, w, block + SCALES, LE).mul(xScales[xScaleAt + b]), acc);
        }
        acc.intoArray(out, outAt);
    }

    /**
     * Two row groups ({@code stride} bytes apart) times four positions ({@code p0} to {@code p3},
     * each with {@code columns} values, {@code blocks} scales and {@code rows} outputs; a position
     * may repeat, the same results are then written twice): per column, two widened level vectors
     * serve eight multiply-adds, and all sums and accumulators stay in registers. The second
     * group's results go {@code LANES} after the first's, from output {@code firstRow}.
     */
    static void tile2x4(MemorySegment w, long at, long stride, float[] x, float[] xScales, int columns, int blocks, float[] out,
                        int rows, int firstRow, int p0, int p1, int p2, int p3) {
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
        for (int b = 0; b < blocks; b++) {
            long block = at + b * BLOCK_BYTES;
            int xBlock = b * BLOCK;
            FloatVector s00 = FloatVector.zero(F);
            FloatVector s01 = FloatVector.zero(F);
            FloatVector s02 = FloatVector.zero(F);
            FloatVector s03 = FloatVector.zero(F);
            FloatVector s10 = FloatVector.zero(F);
            FloatVector s11 = FloatVector.zero(F);
            FloatVector s12 = FloatVector.zero(F);
            FloatVector s13 = FloatVector.zero(F);
            for (int c = 0; c < BLOCK; c++) {
                long column = block + (long) c * LANES;
                FloatVector w0 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column, LE).convertShape(VectorOperators.B2F, F, 0);
                FloatVector w1 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column + stride, LE).convertShape(VectorOperators.B2F, F, 0);
                int xc = xBlock + c;
                FloatVector x0 = FloatVector.broadcast(F, x[x0At + xc]);
                s00 = w0.fma(x0, s00);
                s10 = w1.fma(x0, s10);
                FloatVector x1 = FloatVector.broadcast(F, x[x1At + xc]);
                s01 = w0.fma(x1, s01);
                s11 = w1.fma(x1, s11);
                FloatVector x2 = FloatVector.broadcast(F, x[x2At + xc]);
                s02 = w0.fma(x2, s02);
                s12 = w1.fma(x2, s12);
                FloatVector x3 = FloatVector.broadcast(F, x[x3At + xc]);
                s03 = w0.fma(x3, s03);
                s13 = w1.fma(x3, s13);
            }
            FloatVector ws0 = FloatVector.fromMemorySegment(F, w, block + SCALES, LE);
            FloatVector ws1 = FloatVector.fromMemorySegment(F, w, block + stride + SCALES, LE);
            float q0 = xScales[p0 * blocks + b];
            float q1 = xScales[p1 * blocks + b];
            float q2 = xScales[p2 * blocks + b];
            float q3 = xScales[p3 * blocks + b];
            acc00 = s00.fma(ws0.mul(q0), acc00);
            acc10 = s10.fma(ws1.mul(q0), acc10);
            acc01 = s01.fma(ws0.mul(q1), acc01);
            acc11 = s11.fma(ws1.mul(q1), acc11);
            acc02 = s02.fma(ws0.mul(q2), acc02);
            acc12 = s12.fma(ws1.mul(q2), acc12);
            acc03 = s03.fma(ws0.mul(q3), acc03);
            acc13 = s13.fma(ws1.mul(q3), acc13);
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
     * Two row groups ({@code stride} bytes apart) times two positions ({@code p0}, {@code p1}),
     * as {@link #tile2x4} for a batch of two: per column, two widened level vectors serve four
     * multiply-adds. The four-position tiles would repeat a position and convert and multiply
     * twice what the batch needs.
     */
    static void tile2x2(MemorySegment w, long at, long stride, float[] x, float[] xScales, int columns, int blocks, float[] out,
                        int rows, int firstRow, int p0, int p1) {
        int x0At = p0 * columns;
        int x1At = p1 * columns;
        FloatVector acc00 = FloatVector.zero(F);
        FloatVector acc01 = FloatVector.zero(F);
        FloatVector acc10 = FloatVector.zero(F);
        FloatVector acc11 = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long block = at + b * BLOCK_BYTES;
            int xBlock = b * BLOCK;
            FloatVector s00 = FloatVector.zero(F);
            FloatVector s01 = FloatVector.zero(F);
            FloatVector s10 = FloatVector.zero(F);
            FloatVector s11 = FloatVector.zero(F);
            for (int c = 0; c < BLOCK; c++) {
                long column = block + (long) c * LANES;
                FloatVector w0 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column, LE).convertShape(VectorOperators.B2F, F, 0);
                FloatVector w1 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column + stride, LE).convertShape(VectorOperators.B2F, F, 0);
                FloatVector x0 = FloatVector.broadcast(F, x[x0At + xBlock + c]);
                s00 = w0.fma(x0, s00);
                s10 = w1.fma(x0, s10);
                FloatVector x1 = FloatVector.broadcast(F, x[x1At + xBlock + c]);
                s01 = w0.fma(x1, s01);
                s11 = w1.fma(x1, s11);
            }
            FloatVector ws0 = FloatVector.fromMemorySegment(F, w, block + SCALES, LE);
            FloatVector ws1 = FloatVector.fromMemorySegment(F, w, block + stride + SCALES, LE);
            float q0 = xScales[p0 * blocks + b];
            float q1 = xScales[p1 * blocks + b];
            acc00 = s00.fma(ws0.mul(q0), acc00);
            acc10 = s10.fma(ws1.mul(q0), acc10);
            acc01 = s01.fma(ws0.mul(q1), acc01);
            acc11 = s11.fma(ws1.mul(q1), acc11);
        }
        acc00.intoArray(out, p0 * rows + firstRow);
        acc10.intoArray(out, p0 * rows + firstRow + LANES);
        acc01.intoArray(out, p1 * rows + firstRow);
        acc11.intoArray(out, p1 * rows + firstRow + LANES);
    }

    /**
     * Four row groups' block {@code b} ({@code stride} bytes apart, the first group's block at
     * byte {@code block}), {@link #widenTile4x4 widened} by the batch's first tile, times four
     * positions ({@code p0} to {@code p3}, each with {@code columns} values and {@code blocks}
     * scales; a position may repeat): per column, four loads of floats serve sixteen multiply-adds
     * with no conversion, the widening having been paid once for the whole batch. Each sum is then
     * scaled into its position's accumulators, one vector per group, the k-th position's from
     * {@code acc[accAt + k * 4 * LANES]}: a repeated position has accumulators of its own, so
     * nothing is folded twice.
     */
    static void tile4x4(float[] widened, MemorySegment w, long block, long stride, float[] x, float[] xScales, int columns,
                        int blocks, int b, float[] acc, int accAt, int p0, int p1, int p2, int p3) {
        int x0At = p0 * columns + b * BLOCK;
        int x1At = p1 * columns + b * BLOCK;
        int x2At = p2 * columns + b * BLOCK;
        int x3At = p3 * columns + b * BLOCK;
        FloatVector s00 = FloatVector.zero(F);
        FloatVector s01 = FloatVector.zero(F);
        FloatVector s02 = FloatVector.zero(F);
        FloatVector s03 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F);
        FloatVector s11 = FloatVector.zero(F);
        FloatVector s12 = FloatVector.zero(F);
        FloatVector s13 = FloatVector.zero(F);
        FloatVector s20 = FloatVector.zero(F);
        FloatVector s21 = FloatVector.zero(F);
        FloatVector s22 = FloatVector.zero(F);
        FloatVector s23 = FloatVector.zero(F);
        FloatVector s30 = FloatVector.zero(F);
        FloatVector s31 = FloatVector.zero(F);
        FloatVector s32 = FloatVector.zero(F);
        FloatVector s33 = FloatVector.zero(F);
        for (int c = 0; c < BLOCK; c++) {
            int at = 4 * c * LANES;
            FloatVector w0 = FloatVector.fromArray(F, widened, at);
            FloatVector w1 = FloatVector.fromArray(F, widened, at + LANES);
            FloatVector w2 = FloatVector.fromArray(F, widened, at + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(F, widened, at + 3 * LANES);
            FloatVector x0 = FloatVector.broadcast(F, x[x0At + c]);
            s00 = w0.fma(x0, s00);
            s10 = w1.fma(x0, s10);
            s20 = w2.fma(x0, s20);
            s30 = w3.fma(x0, s30);
            FloatVector x1 = FloatVector.broadcast(F, x[x1At + c]);
            s01 = w0.fma(x1, s01);
            s11 = w1.fma(x1, s11);
            s21 = w2.fma(x1, s21);
            s31 = w3.fma(x1, s31);
            FloatVector x2 = FloatVector.broadcast(F, x[x2At + c]);
            s02 = w0.fma(x2, s02);
            s12 = w1.fma(x2, s12);
            s22 = w2.fma(x2, s22);
            s32 = w3.fma(x2, s32);
            FloatVector x3 = FloatVector.broadcast(F, x[x3At + c]);
            s03 = w0.fma(x3, s03);
            s13 = w1.fma(x3, s13);
            s23 = w2.fma(x3, s23);
            s33 = w3.fma(x3, s33);
        }
        FloatVector ws0 = FloatVector.fromMemorySegment(F, w, block + SCALES, LE);
        FloatVector ws1 = FloatVector.fromMemorySegment(F, w, block + stride + SCALES, LE);
        FloatVector ws2 = FloatVector.fromMemorySegment(F, w, block + 2 * stride + SCALES, LE);
        FloatVector ws3 = FloatVector.fromMemorySegment(F, w, block + 3 * stride + SCALES, LE);
        float q0 = xScales[p0 * blocks + b];
        int a0 = accAt;
        s00.fma(ws0.mul(q0), FloatVector.fromArray(F, acc, a0)).intoArray(acc, a0);
        s10.fma(ws1.mul(q0), FloatVector.fromArray(F, acc, a0 + LANES)).intoArray(acc, a0 + LANES);
        s20.fma(ws2.mul(q0), FloatVector.fromArray(F, acc, a0 + 2 * LANES)).intoArray(acc, a0 + 2 * LANES);
        s30.fma(ws3.mul(q0), FloatVector.fromArray(F, acc, a0 + 3 * LANES)).intoArray(acc, a0 + 3 * LANES);
        float q1 = xScales[p1 * blocks + b];
        int a1 = accAt + 4 * LANES;
        s01.fma(ws0.mul(q1), FloatVector.fromArray(F, acc, a1)).intoArray(acc, a1);
        s11.fma(ws1.mul(q1), FloatVector.fromArray(F, acc, a1 + LANES)).intoArray(acc, a1 + LANES);
        s21.fma(ws2.mul(q1), FloatVector.fromArray(F, acc, a1 + 2 * LANES)).intoArray(acc, a1 + 2 * LANES);
        s31.fma(ws3.mul(q1), FloatVector.fromArray(F, acc, a1 + 3 * LANES)).intoArray(acc, a1 + 3 * LANES);
        float q2 = xScales[p2 * blocks + b];
        int a2 = accAt + 8 * LANES;
        s02.fma(ws0.mul(q2), FloatVector.fromArray(F, acc, a2)).intoArray(acc, a2);
        s12.fma(ws1.mul(q2), FloatVector.fromArray(F, acc, a2 + LANES)).intoArray(acc, a2 + LANES);
        s22.fma(ws2.mul(q2), FloatVector.fromArray(F, acc, a2 + 2 * LANES)).intoArray(acc, a2 + 2 * LANES);
        s32.fma(ws3.mul(q2), FloatVector.fromArray(F, acc, a2 + 3 * LANES)).intoArray(acc, a2 + 3 * LANES);
        float q3 = xScales[p3 * blocks + b];
        int a3 = accAt + 12 * LANES;
        s03.fma(ws0.mul(q3), FloatVector.fromArray(F, acc, a3)).intoArray(acc, a3);
        s13.fma(ws1.mul(q3), FloatVector.fromArray(F, acc, a3 + LANES)).intoArray(acc, a3 + LANES);
        s23.fma(ws2.mul(q3), FloatVector.fromArray(F, acc, a3 + 2 * LANES)).intoArray(acc, a3 + 2 * LANES);
        s33.fma(ws3.mul(q3), FloatVector.fromArray(F, acc, a3 + 3 * LANES)).intoArray(acc, a3 + 3 * LANES);
    }

    /**
     * The batch's first tile: {@link #tile4x4} converting the levels as it multiplies and leaving
     * them in {@code widened[(4 * c + k) * LANES ...]} (column c of group k) for the batch's other
     * tiles. Converting here rather than in a loop of its own lets the conversions overlap the
     * tile's multiply-adds. It is a method of its own because one method choosing its source of
     * levels by a flag ran 8-22% slower at batches 8 and 64 ({@code ./suite bench kernels}).
     */
    static void widenTile4x4(float[] widened, MemorySegment w, long block, long stride, float[] x, float[] xScales, int columns,
                             int blocks, int b, float[] acc, int accAt, int p0, int p1, int p2, int p3) {
        int x0At = p0 * columns + b * BLOCK;
        int x1At = p1 * columns + b * BLOCK;
        int x2At = p2 * columns + b * BLOCK;
        int x3At = p3 * columns + b * BLOCK;
        FloatVector s00 = FloatVector.zero(F);
        FloatVector s01 = FloatVector.zero(F);
        FloatVector s02 = FloatVector.zero(F);
        FloatVector s03 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F);
        FloatVector s11 = FloatVector.zero(F);
        FloatVector s12 = FloatVector.zero(F);
        FloatVector s13 = FloatVector.zero(F);
        FloatVector s20 = FloatVector.zero(F);
        FloatVector s21 = FloatVector.zero(F);
        FloatVector s22 = FloatVector.zero(F);
        FloatVector s23 = FloatVector.zero(F);
        FloatVector s30 = FloatVector.zero(F);
        FloatVector s31 = FloatVector.zero(F);
        FloatVector s32 = FloatVector.zero(F);
        FloatVector s33 = FloatVector.zero(F);
        for (int c = 0; c < BLOCK; c++) {
            int at = 4 * c * LANES;
            long column = block + (long) c * LANES;
            FloatVector w0 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column, LE).convertShape(VectorOperators.B2F, F, 0);
            FloatVector w1 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column + stride, LE).convertShape(VectorOperators.B2F, F, 0);
            FloatVector w2 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column + 2 * stride, LE).convertShape(VectorOperators.B2F, F, 0);
            FloatVector w3 = (FloatVector) ByteVector.fromMemorySegment(BYTES, w, column + 3 * stride, LE).convertShape(VectorOperators.B2F, F, 0);
            w0.intoArray(widened, at);
            w1.intoArray(widened, at + LANES);
            w2.intoArray(widened, at + 2 * LANES);
            w3.intoArray(widened, at + 3 * LANES);
            FloatVector x0 = FloatVector.broadcast(F, x[x0At + c]);
            s00 = w0.fma(x0, s00);
            s10 = w1.fma(x0, s10);
            s20 = w2.fma(x0, s20);
            s30 = w3.fma(x0, s30);
            FloatVector x1 = FloatVector.broadcast(F, x[x1At + c]);
            s01 = w0.fma(x1, s01);
            s11 = w1.fma(x1, s11);
            s21 = w2.fma(x1, s21);
            s31 = w3.fma(x1, s31);
            FloatVector x2 = FloatVector.broadcast(F, x[x2At + c]);
            s02 = w0.fma(x2, s02);
            s12 = w1.fma(x2, s12);
            s22 = w2.fma(x2, s22);
            s32 = w3.fma(x2, s32);
            FloatVector x3 = FloatVector.broadcast(F, x[x3At + c]);
            s03 = w0.fma(x3, s03);
            s13 = w1.fma(x3, s13);
            s23 = w2.fma(x3, s23);
            s33 = w3.fma(x3, s33);
        }
        FloatVector ws0 = FloatVector.fromMemorySegment(F, w, block + SCALES, LE);
        FloatVector ws1 = FloatVector.fromMemorySegment(F, w, block + stride + SCALES, LE);
        FloatVector ws2 = FloatVector.fromMemorySegment(F, w, block + 2 * stride + SCALES, LE);
        FloatVector ws3 = FloatVector.fromMemorySegment(F, w, block + 3 * stride + SCALES, LE);
        float q0 = xScales[p0 * blocks + b];
        int a0 = accAt;
        s00.fma(ws0.mul(q0), FloatVector.fromArray(F, acc, a0)).intoArray(acc, a0);
        s10.fma(ws1.mul(q0), FloatVector.fromArray(F, acc, a0 + LANES)).intoArray(acc, a0 + LANES);
        s20.fma(ws2.mul(q0), FloatVector.fromArray(F, acc, a0 + 2 * LANES)).intoArray(acc, a0 + 2 * LANES);
        s30.fma(ws3.mul(q0), FloatVector.fromArray(F, acc, a0 + 3 * LANES)).intoArray(acc, a0 + 3 * LANES);
        float q1 = xScales[p1 * blocks + b];
        int a1 = accAt + 4 * LANES;
        s01.fma(ws0.mul(q1), FloatVector.fromArray(F, acc, a1)).intoArray(acc, a1);
        s11.fma(ws1.mul(q1), FloatVector.fromArray(F, acc, a1 + LANES)).intoArray(acc, a1 + LANES);
        s21.fma(ws2.mul(q1), FloatVector.fromArray(F, acc, a1 + 2 * LANES)).intoArray(acc, a1 + 2 * LANES);
        s31.fma(ws3.mul(q1), FloatVector.fromArray(F, acc, a1 + 3 * LANES)).intoArray(acc, a1 + 3 * LANES);
        float q2 = xScales[p2 * blocks + b];
        int a2 = accAt + 8 * LANES;
        s02.fma(ws0.mul(q2), FloatVector.fromArray(F, acc, a2)).intoArray(acc, a2);
        s12.fma(ws1.mul(q2), FloatVector.fromArray(F, acc, a2 + LANES)).intoArray(acc, a2 + LANES);
        s22.fma(ws2.mul(q2), FloatVector.fromArray(F, acc, a2 + 2 * LANES)).intoArray(acc, a2 + 2 * LANES);
        s32.fma(ws3.mul(q2), FloatVector.fromArray(F, acc, a2 + 3 * LANES)).intoArray(acc, a2 + 3 * LANES);
        float q3 = xScales[p3 * blocks + b];
        int a3 = accAt + 12 * LANES;
        s03.fma(ws0.mul(q3), FloatVector.fromArray(F, acc, a3)).intoArray(acc, a3);
        s13.fma(ws1.mul(q3), FloatVector.fromArray(F, acc, a3 + LANES)).intoArray(acc, a3 + LANES);
        s23.fma(ws2.mul(q3), FloatVector.fromArray(F, acc, a3 + 2 * LANES)).intoArray(acc, a3 + 2 * LANES);
        s33.fma(ws3.mul(q3), FloatVector.fromArray(F, acc, a3 + 3 * LANES)).intoArray(acc, a3 + 3 * LANES);
    }
}
