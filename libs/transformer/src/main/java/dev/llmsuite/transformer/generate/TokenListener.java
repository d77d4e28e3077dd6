package dev.llmsuite.transformer.generate;

/**
 * Receives tokens as they are produced, on the generating thread. Also receives any text released
 * after the last token (held-back text flushed at the end) as a token with id -1 and no logprob.
 */
@FunctionalInterface
public interface TokenListener {

    void onToken(GeneratedToken token);

    TokenListener NONE = token -> {
    };
}
