package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Response bodies of the geometry endpoints; usage counts tokens as the embeddings endpoint does. */
public final class GeometryResponses {

    private GeometryResponses() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Similarity(@JsonProperty("object") String object, @JsonProperty("model") String model,
                             @JsonProperty("pairs") List<PairScore> pairs, @JsonProperty("matrix") double[][] matrix,
                             @JsonProperty("usage") EmbeddingsResponse.Usage usage) {
    }

    public record PairScore(@JsonProperty("index") int index, @JsonProperty("cosine") double cosine) {
    }

    public record Ranked(@JsonProperty("object") String object, @JsonProperty("model") String model,
                         @JsonProperty("data") List<RankedText> data, @JsonProperty("usage") EmbeddingsResponse.Usage usage) {
    }

    /** @param index the text's position in the request's documents or candidates */
    public record RankedText(@JsonProperty("index") int index, @JsonProperty("text") String text, @JsonProperty("score") double score) {
    }
}
