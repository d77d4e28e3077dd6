package dev.llmsuite.tokens.api;

import java.util.List;

/**
 * {@code POST /v1/tokens/count}: one {@code text} or a batch of {@code texts}, counted in one
 * {@code encoding}, in several {@code encodings} at once, or in the encoding of a {@code model}.
 * Special-token strings count as plain text, as in a default tokenize call.
 */
public record CountRequest(String text, List<String> texts, String encoding, List<String> encodings, String model) {
}
