package dev.llmsuite.transformer.bench;

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

    /** Milliseconds per decoded token over {@code steps} steps taken right after {@code filler} fills the cache. */
    double decodeMillisAtDepth(int[] filler, int steps);

    @Override
    void close();
}
