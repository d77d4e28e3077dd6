package dev.llmsuite.tokens.api;

/** {@code POST /v1/detokenize}: token ids of one {@code encoding} or {@code model} back to text. */
public record DetokenizeRequest(int[] tokens, String encoding, String model) {
}
