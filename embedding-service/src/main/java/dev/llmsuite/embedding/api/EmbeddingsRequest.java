package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's embeddings request, plus one extension: {@code truncate: true} cuts inputs longer
 * than the model's limit instead of rejecting them.
 */
public record EmbeddingsRequest(
        @JsonProperty("input") JsonNode input,
        @JsonProperty("model") String model,
        @JsonProperty("encoding_format") String encodingFormat,
        @JsonProperty("dimensions") Integer dimensions,
        @JsonProperty("user") String user,
        @JsonProperty("truncate") Boolean truncate) {
}
