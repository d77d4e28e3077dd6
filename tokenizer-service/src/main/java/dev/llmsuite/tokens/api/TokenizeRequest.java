package dev.llmsuite.tokens.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code POST /v1/tokenize}: one {@code text} or a batch of {@code texts}, and the vocabulary as an
 * {@code encoding} name or a {@code model} name.
 *
 * @param allowedSpecial    {@code "all"} or a list of special tokens that become control tokens;
 *                          by default every special token in the text is plain text
 * @param disallowedSpecial {@code "all"} or a list: tiktoken's strict mode, the request is rejected
 *                          when a text contains one of them (unless also allowed)
 * @param returnOffsets     also return each token's text and UTF-8 byte range in its input
 */
public record TokenizeRequest(
        String text,
        List<String> texts,
        String encoding,
        String model,
        @JsonProperty("allowed_special") JsonNode allowedSpecial,
        @JsonProperty("disallowed_special") JsonNode disallowedSpecial,
        @JsonProperty("return_offsets") Boolean returnOffsets) {
}
