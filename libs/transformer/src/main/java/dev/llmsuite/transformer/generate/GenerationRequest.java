package dev.llmsuite.transformer.generate;

import dev.llmsuite.transformer.sampling.SamplingParameters;

import java.util.List;

/**
 * What to generate: the already-tokenised prompt, how many tokens at most, the stop strings and
 * the sampling parameters. Stop strings are matched on decoded text, so they work across token
 * boundaries. Stop tokens end generation like end-of-sequence does (a chat model's end-of-turn
 * token, e.g. {@code <|im_end|>}), and like it are not part of the text.
 */
public record GenerationRequest(int[] promptTokens, int maxTokens, List<String> stop, int[] stopTokens, SamplingParameters sampling) {

    public GenerationRequest(int[] promptTokens, int maxTokens, List<String> stop, SamplingParameters sampling) {
        this(promptTokens, maxTokens, stop, new int[0], sampling);
    }

    public GenerationRequest {
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("The prompt must contain at least one token");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        stopTokens = stopTokens == null ? new int[0] : stopTokens.clone();
    }
}
