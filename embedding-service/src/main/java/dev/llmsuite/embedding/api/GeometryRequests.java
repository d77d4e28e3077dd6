package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Request bodies of the geometry endpoints; {@code model} is optional and defaults to the configured model. */
public final class GeometryRequests {

    private GeometryRequests() {
    }

    /** Either {@code pairs} (cosine per pair) or {@code texts} (the full cosine matrix). */
    public record Similarity(@JsonProperty("model") String model,
                             @JsonProperty("pairs") List<List<String>> pairs,
                             @JsonProperty("texts") List<String> texts) {
    }

    public record Rank(@JsonProperty("model") String model,
                       @JsonProperty("query") String query,
                       @JsonProperty("documents") List<String> documents,
                       @JsonProperty("top_k") Integer topK) {
    }

    /** king - man + woman: {@code positive: ["king", "woman"], negative: ["man"]}, ranked over {@code candidates}. */
    public record Analogy(@JsonProperty("model") String model,
                          @JsonProperty("positive") List<String> positive,
                          @JsonProperty("negative") List<String> negative,
                          @JsonProperty("candidates") List<String> candidates,
                          @JsonProperty("top_k") Integer topK) {
    }
}
