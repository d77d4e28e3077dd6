package dev.llmsuite.embedding.batching;

import java.util.Arrays;

/** How an encoder lays a run's sequences out in rows, and so how the batcher should cut runs. */
public enum RunLayout {

    /**
     * One sequence per row, padded to the run's longest: runs are cut where the padding would
     * cost more than another run ({@link RunPlanner}).
     */
    PADDED {
        @Override
        int[] cut(int[] sortedLengths, int maxTokens) {
            return RunPlanner.cut(sortedLengths, maxTokens);
        }

        @Override
        long positions(int[] lengths) {
            return (long) lengths.length * Arrays.stream(lengths).max().orElse(0);
        }
    },

    /**
     * Several sequences per row ({@link PackedRows}): padding is only at row ends, so the fewer
     * runs the better, and runs are filled up to the token budget.
     */
    PACKED {
        @Override
        int[] cut(int[] sortedLengths, int maxTokens) {
            return RunPlanner.fill(sortedLengths, maxTokens);
        }

        @Override
        long positions(int[] lengths) {
            return PackedRows.plan(lengths).positions();
        }
    };

    /** The exclusive end of each run, for sequence lengths in ascending order. */
    abstract int[] cut(int[] sortedLengths, int maxTokens);

    /** The token positions a run of these sequences computes, padding included. */
    abstract long positions(int[] lengths);
}
