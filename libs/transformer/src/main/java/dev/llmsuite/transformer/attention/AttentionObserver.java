package dev.llmsuite.transformer.attention;

/**
 * Looks at the attention weights a forward pass computes, for explaining a model (which earlier
 * tokens each token attends to). Attach one to a batch with
 * {@link dev.llmsuite.transformer.batch.Batch.Builder#observe}; a batch without one pays nothing.
 *
 * <p>{@link BlockedAttention} never holds a whole row of probabilities (its online softmax keeps a
 * running maximum and sum), so for an observed head it also keeps that row's scores and, once the
 * row is done, hands over {@code exp(score - max) / sum} with the very maximum and sum it
 * normalized the values with: the probabilities the generating pass used, not a recomputation.
 */
public interface AttentionObserver {

    /** Whether the pass should record this layer's head; the heads it does not want cost nothing. */
    boolean observes(int layer, int head);

    /**
     * The softmax probabilities of batch row {@code row}'s query in {@code head} of {@code layer}
     * over its sequence's positions {@code 0 .. probabilities.length - 1} (its own position is the
     * last; positions outside a sliding window are 0). Called from the pass's worker threads, once
     * per observed (layer, row, head), so an implementation writes each call to its own place.
     */
    void record(int layer, int row, int head, float[] probabilities);
}
