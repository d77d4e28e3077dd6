package dev.llmsuite.transformer.generate;

import dev.llmsuite.transformer.sampling.TokenLogprob;

/**
 * One sampled token as a stream sees it. {@code text} is what may be shown now: it can be empty
 * while a character is incomplete or while text might still become a stop string, and it can
 * carry text held back from earlier tokens.
 *
 * @param token      the token id
 * @param bytes      the token's own bytes (for logprob {@code bytes} fields)
 * @param text       text released by this step
 * @param logprob    log-probabilities when requested, else null
 * @param cacheBytes memory the sequence's KV-cache holds at this step
 */
public record GeneratedToken(int token, byte[] bytes, String text, TokenLogprob logprob, long cacheBytes) {
}
