package dev.llmsuite.transformer.kernels;

/**
 * How the matrices repacked one row per lane ({@link F32Matrix}, {@link Q8Matrix}) are walked:
 * row groups split over the thread team. One position takes one group at a time, in memory
 * order, so that each thread reads one stream of weights; a batch takes four groups by the whole
 * batch (a kernel may prepare the four groups once for all positions, see
 * {@link Kernels#fourGroupsByBatch}, and name the smallest batch for which that pays), then two
 * groups by four positions (a batch that is not a
 * multiple of four repeats its last position in the last tile rather than fall back to a kernel
 * with fewer independent sums); the groups left over, and a last group the rows do not fill, go
 * one group and one position at a time. A batch of two (two sequences decoding together) goes two
 * groups by two positions where the kernels have such a tile (Q8_0: a four-position tile would
 * convert and multiply twice what the batch needs, and that is what bounds its batches). Every
 * kernel gives a row the same bits, so the walk decides speed only.
 *
 * <p>Why one group at a time for one position: a decoded token reads every weight once, from
 * memory as soon as the model outgrows the last-level cache. Walking four groups at once (each
 * activation value broadcast once for all four) was the faster kernel on weights in cache, but
 * read memory at about half the rate (on an AMD EPYC with AVX-512; see the README's 2026-12-06
 * evening figures).
 */
final class RowGroupWalk {

    /** One matrix's kernels, each writing whole row groups of results. */
    interface Kernels {

        /** Groups {@code group} and {@code group + 1} times positions {@code p0} to {@code p3}. */
        void twoGroupsByFourPositions(int group, int p0, int p1, int p2, int p3);

        /**
         * Whether {@link #twoGroupsByTwoPositions} has a tile of its own; without one, a batch of
         * two takes the four-position tiles.
         */
        default boolean hasTwoByTwo() {
            return false;
        }

        /** Groups {@code group} and {@code group + 1} times positions 0 and 1, where {@link #hasTwoByTwo}. */
        default void twoGroupsByTwoPositions(int group) {
            throw new UnsupportedOperationException("no two-by-two tile");
        }

        /** Group {@code group} times position {@code position} into {@code out[outAt ...]}. */
        void oneGroup(int group, int position, float[] out, int outAt);

        /** The smallest batch that {@link #fourGroupsByBatch} serves; smaller ones go two groups by four positions. */
        default int fourGroupsFrom() {
            return 2;
        }

        /**
         * Groups {@code group} to {@code group + 3} times all {@code batch} positions, given
         * {@link #workspace} floats of scratch that the calling thread alone uses.
         */
        void fourGroupsByBatch(int group, int batch, float[] workspace);

        /** Floats of scratch that {@link #fourGroupsByBatch} needs for a batch of {@code batch}. */
        default int workspace(int batch) {
            return 0;
        }
    }

    static final int POSITION_TILE = 4;

    private RowGroupWalk() {
    }

    /**
     * {@code out[t * rows + r]} for every row and each of {@code batch} positions, groups of
     * {@code lanes} rows costing {@code workPerGroup} multiply-adds each, one unit per group.
     */
    static PreparedProduct product(int rows, int lanes, long workPerGroup, int batch, float[] out, Kernels kernels) {
        int groupCount = (rows + lanes - 1) / lanes;
        return new PreparedProduct(groupCount, workPerGroup, (from, to) -> {
            int g = from;
            if (batch == 2 && kernels.hasTwoByTwo()) {
                for (; g + 2 <= to && (g + 2) * lanes <= rows; g += 2) {
                    kernels.twoGroupsByTwoPositions(g);
                }
            } else if (batch > 1) {
                if (batch >= kernels.fourGroupsFrom()) {
                    float[] workspace = new float[kernels.workspace(batch)];
                    for (; g + 4 <= to && (g + 4) * lanes <= rows; g += 4) {
                        kernels.fourGroupsByBatch(g, batch, workspace);
                    }
                }
                int last = batch - 1;
                for (; g + 2 <= to && (g + 2) * lanes <= rows; g += 2) {
                    for (int t = 0; t < batch; t += POSITION_TILE) {
                        kernels.twoGroupsByFourPositions(g, t, Math.min(t + 1, last), Math.min(t + 2, last), Math.min(t + 3, last));
                    }
                }
            }
            float[] tail = new float[lanes];
            for (; g < to; g++) {
                int valid = Math.min(lanes, rows - g * lanes);
                for (int t = 0; t < batch; t++) {
                    if (valid == lanes) {
                        kernels.oneGroup(g, t, out, t * rows + g * lanes);
                    } else {
                        kernels.oneGroup(g, t, tail, 0);
                        System.arraycopy(tail, 0, out, t * rows + g * lanes, valid);
                    }
                }
            }
        });
    }
}
