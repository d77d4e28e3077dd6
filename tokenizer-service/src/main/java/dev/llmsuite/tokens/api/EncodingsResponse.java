package dev.llmsuite.tokens.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The vocabularies this service serves. */
public record EncodingsResponse(String object, List<Encoding> data) {

    /**
     * @param family        {@code tiktoken} (byte-level BPE), {@code sentencepiece} or {@code wordpiece}
     * @param specialTokens control tokens by their text, e.g. {@code <|endoftext|>}
     * @param models        model names that resolve to this encoding
     */
    public record Encoding(
            String name,
            String family,
            @JsonProperty("vocabulary_size") int vocabularySize,
            @JsonProperty("special_tokens") Map<String, Integer> specialTokens,
            List<String> models) {
    }
}
