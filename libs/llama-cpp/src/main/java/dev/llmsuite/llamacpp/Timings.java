package dev.llmsuite.llamacpp;

/**
 * What llama-bench measures, on a context: prompt processing, token generation, and generation at
 * a given depth of cache. Every figure is the time spent inside {@code llama_decode} (and
 * {@code llama_synchronize}); choosing the next token, filling batches and everything else in
 * Java is outside it.
 */
public final class Timings {

    private Timings() {
    }

    /** Nanoseconds to decode {@code prompt} into an empty cache. */
    public static long prefill(LlamaContext context, int[] prompt) {
        context.clear();
        return context.prefill(0, 0, prompt);
    }

    /**
     * Nanoseconds of each of {@code steps} tokens decoded one at a time after what the cache holds,
     * each the argmax of the logits before it (as greedy generation does).
     */
    public static long[] decode(LlamaContext context, int steps) {
        long[] nanos = new long[steps];
        for (int i = 0; i < steps; i++) {
            nanos[i] = context.next(0, context.argmax(-1));
        }
        return nanos;
    }

    /** {@link #decode} with {@code filler} in the cache before the steps (put there untimed). */
    public static long[] decodeAtDepth(LlamaContext context, int[] filler, int steps) {
        context.clear();
        context.prefill(0, 0, filler);
        return decode(context, steps);
    }
}
