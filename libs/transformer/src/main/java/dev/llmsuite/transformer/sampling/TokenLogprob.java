package dev.llmsuite.transformer.sampling;

import java.util.List;

/**
 * The natural-log probability of a chosen token and of the most likely alternatives at that step.
 * Values come from the softmax of the logits after bias and penalties but before temperature and
 * truncation: the model's own (penalised) belief, which is what OpenAI reports, so a request at
 * temperature 0.2 and one at 1.5 show the same numbers for the same token.
 */
public record TokenLogprob(int token, float logprob, List<Alternative> top) {

    public record Alternative(int token, float logprob) {
    }
}
