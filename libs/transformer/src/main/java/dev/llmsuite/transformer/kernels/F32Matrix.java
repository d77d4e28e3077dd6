package dev.llmsuite.transformer.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float32 weight matrix repacked at load so that each vector lane holds one row, as
 * {@link Q8Matrix} does for Q8_0: a dot product never has to add up the lanes of a vector.
 *
 * <p>Why: with rows stored as rows, a batch kernel keeps one vector accumulator per row and
 * position and must add each one's lanes at the end. Sixteen such sums (each 15 dependent adds)
 * per four rows by four positions cost about as much as the multiply-adds over a 768-wide row, so
 * batched decoding ran at half the speed the multiply-adds allow.
 *
 * <p>Rows are taken {@link #LANES} at a time (a row group; the last one padded with zero rows).
 * A group stores its columns one after another, column {@code c} holding value {@code c} of every
 * row of the group. A kernel multiplies a column by one activation value broadcast to every lane,
 * so each lane adds up its own row's products with one fused multiply-add per column, from the
 * first column to the last: {@code sum = fma(w[c], x[c], sum)}. That order is the same in every
 * kernel here and does not depend on the vector width, so a row's result does not depend on which
 * kernel computed it, on how many positions were computed together, or on the machine.
 */
public final class F32Matrix {

    static final VectorSpecies<Float> F = RowGroupLanes.FLOATS;
    /** Rows per group: one per lane. */
    static final int LANES = F.length();

    private final MemorySegment groups;
    private final int rows;
    private final int columns;
    private final long groupBytes;

    private F32Matrix(MemorySegment groups, int rows, int columns) {
        this.groups = groups;
        this.rows = rows;
        this.columns = columns;
        this.groupBytes = 4L * columns * LANES;
    }

    /** Repacks {@code rows} float32 rows of {@code columns} values stored one after another. */
    public static F32Matrix repack(MemorySegment data, int rows, int columns) {
        int groupCount = (rows + LANES - 1) / LANES;
        F32Matrix matrix = new F32Matrix(WeightMemory.allocate(groupCount * 4L * columns * LANES), rows, columns);
        Parallel.forRange(rows, columns, (from, to) -> {
            for (int r = from; r < to; r++) {
                long group = (r / LANES) * matrix.groupBytes + 4L * (r % LANES);
                for (int c = 0; c < columns; c++) {
                    matrix.groups.set(ValueLayout.JAVA_FLOAT_UNALIGNED, group + 4L * c * LANES,
                            data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 4L * ((long) r * columns + c)));
                }
            }
        });
        return matrix;
    }

    /**
     * {@code out[t * rows + r] = row r . x[t * columns ...]} for each of {@code batch} positions,
     * as units of work for the thread team.
     */
    public PreparedProduct prepare(float[] x, int batch, float[] out) {
        return RowGroupWalk.product(rows, LANES, (long) columns * LANES * batch, batch, out, new RowGroupWalk.Kernels() {
            @Override
            public void twoGroupsByFourPositions(int group, int p0, int p1, int p2, int p3) {
                F32GroupDot.tile2x4(groups, group * groupBytes, groupBytes, x, columns, out, rows, group * LANES, p0, p1, p2, p3);
            }

            @Override
            public void fourGroupsByBatch(int group, int batch, float[] workspace) {
                int last = batch - 1;
                for (int t = 0; t < batch; t += RowGroupWalk.POSITION_TILE) {
                    F32GroupDot.tile4x4(groups, group * groupBytes, groupBytes, x, columns, out, rows, group * LANES, t, Math.min(t + 1, last),
                            Math.min(t + 2, last), Math.min(t + 3, last));
                }
            }

            @Override
            public void oneGroup(int group, int position, float[] results, int resultsAt) {
                F32GroupDot.group(groups, group * groupBytes, x, position * columns, columns, results, resultsAt);
            }
        });
    }
}
