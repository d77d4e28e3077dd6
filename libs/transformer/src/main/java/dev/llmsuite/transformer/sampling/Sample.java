package dev.llmsuite.transformer.sampling;

/** One step's choice: the token and, when requested, its log-probability with alternatives (else null). */
public record Sample(int token, TokenLogprob logprob) {
}
