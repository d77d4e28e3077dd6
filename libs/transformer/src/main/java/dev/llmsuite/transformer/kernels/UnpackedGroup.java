package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One super-block of one row group, unpacked for the matrix-matrix kernel so that the type's bit
 * fiddling is done once for all positions of a batch. Every K-quant reduces to the same integer
 * form, per row:
 *
 * <pre>
 * sum  = sum_j scale_j * (value . x)_j
 * mins = sum_j min_j * xsum_j
 * </pre>
 *
 * where value is the stored level less the type's offset (Q3_K 4, Q6_K 32), j runs over the 16
 * blocks of 16 values (8 pair steps; a 32-value sub-block counts as two blocks with the same
 * scale and min), and xsum_j is the sum of the activation's integers over block j. The result is
 * {@code d * dx * sum - dmin * dx * mins}.
 *
 * <p>The types unpack into pair steps (their planes' order, see {@link RowGroupLanes}), which the
 * matrix-matrix kernel multiplies by several positions' broadcast pairs in 16-bit lanes, as the
 * matrix-vector kernels do.
 */
final class UnpackedGroup {

    /** Per pair step, {@code SHORTS.length()} lanes of level' (see {@link RowGroupLanes}). */
    final short[] levels = new short[128 * SHORTS.length()];
    /** Per sub-block, one int per row. */
    final int[] scales = new int[BLOCKS * ROWS];
    final int[] mins = new int[BLOCKS * ROWS];
    /** {@link #mins} as floats, one per sub-block (see {@link #widenMins}). */
    final float[] floatMins = new float[BLOCKS * ROWS];
    /** Per row, d then dmin. */
    final float[] d = new float[2 * ROWS];

    static final int BLOCKS = 16;

    /**
     * Converts {@link #mins} into {@link #floatMins}, one per sub-block of {@code blocksPerMin}
     * blocks (which share their min), once per super-block for all positions.
     */
    void widenMins(int blocksPerMin) {
        for (int j = 0; j < BLOCKS / blocksPerMin; j++) {
            ((FloatVector) IntVector.fromArray(INTS, mins, j * blocksPerMin * ROWS).convert(VectorOperators.I2F, 0)).intoArray(floatMins, j * ROWS);
        }
    }
}
