package dev.llmsuite.tokens.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The ids of each input text, in input order, and the total as {@code usage.total_tokens}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenizeResponse(String object, String encoding, String model, List<Tokens> data, Usage usage) {

    /** One text's tokens; {@code offsets} only when the request asked for them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tokens(String object, int index, int[] tokens, int count, List<TokenSpan> offsets) {
    }

    /**
     * One token as a UI colours it: its id, its bytes as text (a token holding part of a UTF-8
     * character shows U+FFFD) and its byte range {@code [start, end)} in the text's UTF-8 encoding.
     */
    public record TokenSpan(int id, String text, int start, int end) {
    }

    public record Usage(@JsonProperty("total_tokens") long totalTokens) {
    }
}
