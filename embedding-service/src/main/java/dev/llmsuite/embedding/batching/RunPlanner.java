package dev.llmsuite.embedding.batching;

import java.util.Arrays;

/**
 * Cuts sequences sorted by length into encoder runs. In packed rows ({@link #fill}) a run costs
 * its tokens, so runs are simply filled up to the budget. In padded rows ({@link #cut}) a run of
 * short inputs costs about one fixed overhead plus its padded tokens (rows x longest row), so one
 * run of rows with very different lengths pays for padding, and many small runs pay the overhead
 * again and again; the cheapest cut in between is found exactly, by dynamic programming over the
 * sorted rows (a cheapest plan only ever cuts sorted rows into contiguous runs).
 */
final class RunPlanner {

    /**
     * A run's fixed cost in padded tokens. Measured on all-MiniLM-L6-v2 with two ONNX Runtime
     * threads: a one-row run costs about as much as 10 to 20 more tokens in a larger run.
     */
    static final int RUN_OVERHEAD_TOKENS = 16;

    private RunPlanner() {
    }

    /**
     * Runs of as many sequences as fit in {@code maxTokens} positions of packed rows (padding at
     * row ends included); a single longer sequence still runs alone.
     *
     * @return the exclusive end index of each run, in order
     */
    static int[] fill(int[] lengths, int maxTokens) {
        int[] ends = new int[lengths.length];
        int runs = 0;
        for (int start = 0; start < lengths.length; ) {
            int end = start;
            long tokens = 0;
            while (end < lengths.length && (end == start || tokens + lengths[end] <= maxTokens)) {
                tokens += lengths[end++];
            }
            // Row ends may hold a little padding: give back sequences until the rows fit too.
            while (end - start > 1 && PackedRows.plan(Arrays.copyOfRange(lengths, start, end)).positions() > maxTokens) {
                end--;
            }
            ends[runs++] = end;
            start = end;
        }
        return Arrays.copyOf(ends, runs);
    }

    /**
     * @param lengths        row lengths in ascending order
     * @param maxBatchTokens padded tokens one run may hold; a single longer row still runs alone
     * @return the exclusive end index of each run, in order
     */
    static int[] cut(int[] lengths, int maxBatchTokens) {
        int n = lengths.length;
        long[] cost = new long[n + 1];
        int[] start = new int[n + 1];
        for (int end = 1; end <= n; end++) {
            int width = lengths[end - 1];
            cost[end] = Long.MAX_VALUE;
            for (int from = end - 1; from >= 0; from--) {
                long padded = (long) (end - from) * width;
                if (padded > maxBatchTokens && from < end - 1) {
                    break;
                }
                long total = cost[from] + RUN_OVERHEAD_TOKENS + padded;
                if (total < cost[end]) {
                    cost[end] = total;
                    start[end] = from;
                }
            }
        }
        int runs = 0;
        for (int end = n; end > 0; end = start[end]) {
            runs++;
        }
        int[] ends = new int[runs];
        for (int end = n, r = runs - 1; end > 0; end = start[end], r--) {
            ends[r] = end;
        }
        return ends;
    }
}
