package dev.llmsuite.transformer.generate;

import dev.llmsuite.transformer.sampling.TokenLogprob;

import java.util.List;

/**
 * A finished generation with its accounting.
 *
 * @param text                  the generated text, stop string excluded
 * @param tokens                every sampled token (end-of-sequence included when it came)
 * @param logprobs              per sampled token when requested, else empty
 * @param timeToFirstTokenNanos from the request's start (its arrival at the scheduler, so any time
 *                              queued counts) to the first sampled token
 * @param decodeNanos           from the first sampled token to the end
 */
public record GenerationResult(String text, int[] tokens, List<TokenLogprob> logprobs, FinishReason finishReason,
                               int promptTokens, long timeToFirstTokenNanos, long decodeNanos) {

    public int completionTokens() {
        return tokens.length;
    }

    /** Decode speed: tokens after the first, per second of decoding (the first token's cost is prefill). */
    public double tokensPerSecond() {
        return decodeNanos == 0 || tokens.length < 2 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
    }
}
