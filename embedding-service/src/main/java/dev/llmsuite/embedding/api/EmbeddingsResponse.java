package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** OpenAI's embeddings response: one item per input, in input order. */
public record EmbeddingsResponse(
        @JsonProperty("object") String object,
        @JsonProperty("data") List<Item> data,
        @JsonProperty("model") String model,
        @JsonProperty("usage") Usage usage) {

    /** @param embedding a float array, or a base64 string of little-endian float32 values */
    public record Item(@JsonProperty("object") String object, @JsonProperty("index") int index,
                       @JsonProperty("embedding") Object embedding) {
    }

    public record Usage(@JsonProperty("prompt_tokens") long promptTokens, @JsonProperty("total_tokens") long totalTokens) {
    }
}
