package dev.llmsuite.embedding.api;

import dev.llmsuite.embedding.geometry.Analogy;
import dev.llmsuite.embedding.geometry.Ranking;
import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.serving.EmbeddingConfig;
import dev.llmsuite.embedding.serving.Embedder;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The lesson's geometry as endpoints: cosine similarity ({@code /v1/similarity}), semantic
 * search ({@code /v1/rank}) and vector arithmetic ({@code /v1/analogy}).
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GeometryResource {

    private final Embedder embedder;
    private final EmbeddingConfig config;

    public GeometryResource(Embedder embedder, EmbeddingConfig config) {
        this.embedder = embedder;
        this.config = config;
    }

    @POST
    @Path("/similarity")
    @Blocking
    public Uni<GeometryResponses.Similarity> similarity(GeometryRequests.Similarity request) {
        GeometryChecks.require(request != null, "The request body must be a JSON object with 'pairs' or 'texts'.", null);
        GeometryChecks.require((request.pairs() == null) != (request.texts() == null), "Send exactly one of 'pairs' (a list of [text, text]) or 'texts' (for the full matrix).", "pairs");
        if (request.pairs() != null) {
            List<String> texts = GeometryChecks.pairs(request.pairs(), config.maxInputs());
            return embedder.texts(model(request.model()), texts, truncate(request.truncate()),
                    i -> "pairs[" + i / 2 + "][" + i % 2 + "]").map(e -> {
                List<GeometryResponses.PairScore> scores = IntStream.range(0, request.pairs().size())
                        .mapToObj(i -> new GeometryResponses.PairScore(i, Vectors.cosine(e.vectors().get(2 * i), e.vectors().get(2 * i + 1))))
                        .toList();
                return new GeometryResponses.Similarity("similarity", e.model(), scores, null, usage(e));
            });
        }
        List<String> texts = GeometryChecks.texts(request.texts(), "texts", config.maxInputs());
        return embedder.texts(model(request.model()), texts, truncate(request.truncate()), i -> "texts[" + i + "]").map(e -> {
            int n = e.vectors().size();
            double[][] matrix = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    matrix[i][j] = Vectors.cosine(e.vectors().get(i), e.vectors().get(j));
                }
            }
            return new GeometryResponses.Similarity("similarity", e.model(), null, matrix, usage(e));
        });
    }

    @POST
    @Path("/rank")
    @Blocking
    public Uni<GeometryResponses.Ranked> rank(GeometryRequests.Rank request) {
        GeometryChecks.require(request != null, "The request body must be a JSON object with 'query' and 'documents'.", null);
        GeometryChecks.text(request.query(), "query");
        List<String> documents = GeometryChecks.texts(request.documents(), "documents", config.maxInputs());
        int topK = GeometryChecks.topK(request.topK());
        List<String> texts = new ArrayList<>(documents.size() + 1);
        texts.add(request.query());
        texts.addAll(documents);
        return embedder.texts(model(request.model()), texts, truncate(request.truncate()),
                i -> i == 0 ? "query" : "documents[" + (i - 1) + "]").map(e -> {
            List<Ranking.Scored> ranked = Ranking.rank(e.vectors().get(0), e.vectors().subList(1, e.vectors().size()), topK);
            return new GeometryResponses.Ranked("list", e.model(), named(ranked, documents), usage(e));
        });
    }

    @POST
    @Path("/analogy")
    @Blocking
    public Uni<GeometryResponses.Ranked> analogy(GeometryRequests.Analogy request) {
        GeometryChecks.require(request != null, "The request body must be a JSON object with 'positive', 'negative' and 'candidates'.", null);
        List<String> positive = GeometryChecks.texts(request.positive(), "positive", config.maxInputs());
        List<String> negative = request.negative() == null || request.negative().isEmpty() ? List.of()
                : GeometryChecks.texts(request.negative(), "negative", config.maxInputs());
        List<String> candidates = GeometryChecks.texts(request.candidates(), "candidates", config.maxInputs());
        int topK = GeometryChecks.topK(request.topK());
        List<String> texts = new ArrayList<>(positive);
        texts.addAll(negative);
        texts.addAll(candidates);
        GeometryChecks.require(texts.size() <= config.maxInputs(), "The analogy has " + texts.size() + " texts in all; at most " + config.maxInputs() + " per request.", "candidates");
        // A term of the question is trivially close to the answer: leave such candidates out.
        Set<String> terms = new HashSet<>();
        positive.forEach(t -> terms.add(t.strip().toLowerCase(Locale.ROOT)));
        negative.forEach(t -> terms.add(t.strip().toLowerCase(Locale.ROOT)));
        Set<Integer> excluded = new HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (terms.contains(candidates.get(i).strip().toLowerCase(Locale.ROOT))) {
                excluded.add(i);
            }
        }
        int p = positive.size();
        int n = negative.size();
        IntFunction<String> field = i -> i < p ? "positive[" + i + "]"
                : i < p + n ? "negative[" + (i - p) + "]" : "candidates[" + (i - p - n) + "]";
        return embedder.texts(model(request.model()), texts, truncate(request.truncate()), field).map(e -> {
            float[] target = Analogy.target(e.vectors().subList(0, p), e.vectors().subList(p, p + n));
            List<Ranking.Scored> ranked = Ranking.rank(target, e.vectors().subList(p + n, e.vectors().size()), topK, excluded);
            return new GeometryResponses.Ranked("list", e.model(), named(ranked, candidates), usage(e));
        });
    }

    private static boolean truncate(Boolean requested) {
        return Boolean.TRUE.equals(requested);
    }

    private String model(String requested) {
        return requested == null || requested.isBlank() ? config.defaultModel() : requested;
    }

    private static List<GeometryResponses.RankedText> named(List<Ranking.Scored> ranked, List<String> texts) {
        return ranked.stream().map(s -> new GeometryResponses.RankedText(s.index(), texts.get(s.index()), s.score())).toList();
    }

    private static EmbeddingsResponse.Usage usage(Embedder.Embedded e) {
        return new EmbeddingsResponse.Usage(e.tokens(), e.tokens());
    }

}
