package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.TokenListener;

import java.util.function.BooleanSupplier;

/**
 * One sequence to generate: what (its prompt, limits, stops and sampling, with its own seed) and
 * who hears its tokens. The listener is called on the scheduler's thread and should only hand the
 * token on (to a queue, a stream buffer), never wait. {@code ready} is asked before every step:
 * while it says no (a streaming client far behind in reading), the sequence sits the step out,
 * keeping its place and its blocks, so a slow reader costs no unbounded buffering.
 */
public record Choice(GenerationRequest request, TokenListener listener, BooleanSupplier ready) {

    /** A choice that is always ready for its next token. */
    public Choice(GenerationRequest request, TokenListener listener) {
        this(request, listener, () -> true);
    }
}
