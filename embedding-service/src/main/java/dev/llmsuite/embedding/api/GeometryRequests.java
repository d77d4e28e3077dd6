package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Request bodies of the geometry endpoints; {@code model} is optional and defaults to the configured model,
 * and {@code truncate: true} cuts texts longer than the model's limit, as on {@code /v1/embeddings}.
 */
public final class GeometryRequests {

    private GeometryRequests() {
    }

    /** Either {@code pairs} (cosine per pair) or {@code texts} (the full cosine matrix). */
    public record Similarity(@JsonProperty("model") String model,
                             @JsonProperty("pairs") List<List<String>> pairs,
                             @JsonProperty("texts") List<String> texts,
                             @JsonProperty("truncate") Boolean truncate) {
    }

    public record Rank(@JsonProperty("model") String model,
                       @JsonProperty("query") String query,
                       @JsonProperty("documents") List<String> documents,
                       @JsonProperty("top_k") Integer topK,
                       @JsonProperty("truncate") Boolean truncate) {
    }

    /** king - man + woman: {@code positive: ["king", "woman"], negative: ["man"]}, ranked over {@code candidates}. */
    public record Analogy(@JsonProperty("model") String model,
                          @JsonProperty("positive") List<String> positive,
                          @JsonProperty("negative") List<String> negative,
                          @JsonProperty("candidates") List<String> candidates,
                          @JsonProperty("top_k") Integer topK,
                          @JsonProperty("truncate") Boolean truncate) {
    }
}
