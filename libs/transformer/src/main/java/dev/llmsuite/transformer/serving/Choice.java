package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.TokenListener;

/**
 * One sequence to generate: what (its prompt, limits, stops and sampling, with its own seed) and
 * who hears its tokens. The listener is called on the scheduler's thread and should only hand the
 * token on (to a queue, a stream buffer), never wait.
 */
public record Choice(GenerationRequest request, TokenListener listener) {
}
