package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.FLOATS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

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
 * <p>The types unpack into pair steps (their planes' order); the matrix-matrix kernel reads the
 * levels as {@link #columns}, one float vector per column holding that value of every row, so
 * that a column times one broadcast activation value serves the whole group.
 */
final class UnpackedGroup {

    /** Per pair step, {@code SHORTS.length()} lanes of level' (see {@link RowGroupLanes}). */
    final short[] levels = new short[128 * SHORTS.length()];
    /** Per column (value index), one float per row: {@link #levels} regrouped by {@link #levelsToColumns}. */
    final float[] columns = new float[256 * ROWS];
    /** Per sub-block, one int per row. */
    final int[] scales = new int[BLOCKS * ROWS];
    final int[] mins = new int[BLOCKS * ROWS];
    /** Per row, d then dmin. */
    final float[] d = new float[2 * ROWS];

    static final int BLOCKS = 16;

    /** Lanes 2r then 2r + 1 of a pair step become lanes r and ROWS + r: the even value of every row, then the odd. */
    private static final VectorShuffle<Short> BY_PARITY = VectorShuffle.fromOp(SHORTS, i -> i < ROWS ? 2 * i : 2 * (i - ROWS) + 1);

    /** Fills {@link #columns} from {@link #levels}. */
    void levelsToColumns() {
        int lanes = SHORTS.length();
        for (int p = 0; p < 128; p++) {
            ShortVector pair = ShortVector.fromArray(SHORTS, levels, p * lanes).rearrange(BY_PARITY);
            ((FloatVector) pair.convertShape(VectorOperators.S2F, FLOATS, 0)).intoArray(columns, 2 * p * ROWS);
            ((FloatVector) pair.convertShape(VectorOperators.S2F, FLOATS, 1)).intoArray(columns, (2 * p + 1) * ROWS);
        }
    }
}
