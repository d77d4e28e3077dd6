package dev.llmsuite.transformer.bench;

import java.util.Arrays;

/**
 * One engine in the generation benchmark, measured the way llama-bench measures: the time of the
 * model work only (no per-token call overhead on either side, the next token's choice outside the
 * clock).
 */
interface Contender extends AutoCloseable {

    /** Tokens per second of prompt processing and of one-at-a-time decoding. */
    record Speed(double prefill, double decode) {

        static final Speed NONE = new Speed(0, 0);

        Speed best(Speed other) {
            return new Speed(Math.max(prefill, other.prefill), Math.max(decode, other.decode));
        }
    }

    String name();

    /** Processes {@code prompt} into an empty cache, then decodes {@code decodeTokens} tokens greedily. */
    Speed measure(int[] prompt, int decodeTokens);

    /**
     * Milliseconds per decoded token right after {@code filler} fills the cache: the median of
     * {@code steps} steps (filling costs a long prefill, so there is one run, and the median keeps
     * a burst of someone else's work out of it).
     */
    double decodeMillisAtDepth(int[] filler, int steps);

    static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        return median / 1e6;
    }

    @Override
    void close();
}
