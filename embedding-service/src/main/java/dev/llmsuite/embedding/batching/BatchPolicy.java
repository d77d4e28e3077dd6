package dev.llmsuite.embedding.batching;

import java.time.Duration;

/**
 * Limits of dynamic batching.
 *
 * @param maxBatchTokens padded tokens (rows x longest row) in one ONNX Runtime run: bounds memory
 *                       and the latency a short sentence pays for sharing a run with long ones
 * @param maxWait        how long the first sentence of a batch waits for company; while fewer
 *                       requests are gathered than were open during the last batch, up to this
 *                       long after the worker got free (see {@link DynamicBatcher})
 * @param queueCapacity  sentences waiting at most; beyond it requests are turned away (429)
 */
public record BatchPolicy(int maxBatchTokens, Duration maxWait, int queueCapacity) {

    public BatchPolicy {
        if (maxBatchTokens < 1 || queueCapacity < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("Invalid batch policy " + maxBatchTokens + "/" + maxWait + "/" + queueCapacity);
        }
    }
}
