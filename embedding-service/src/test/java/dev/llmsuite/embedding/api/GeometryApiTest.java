package dev.llmsuite.embedding.api;

import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.llmsuite.embedding.api.EmbeddingsApiTest.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lesson's geometry endpoints: similarity, ranking, analogy. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class GeometryApiTest {

    static final String JS = "JavaScript is a programming language";
    static final String PL = "JS is a PL for the web";

    @Test
    void pairsAndMatrixAgree() {
        double pair = api().body(Map.of("pairs", List.of(List.of(JS, PL)))).post("/v1/similarity").then().statusCode(200)
                .body("object", equalTo("similarity")).body("pairs", hasSize(1))
                .extract().jsonPath().getDouble("pairs[0].cosine");
        List<List<Float>> matrix = api().body(Map.of("texts", List.of(JS, PL, "I had soup for lunch"))).post("/v1/similarity")
                .then().statusCode(200).body("matrix", hasSize(3)).extract().jsonPath().getList("matrix");
        assertEquals(pair, ((Number) matrix.get(0).get(1)).doubleValue(), 1e-6);
        assertEquals(1.0, ((Number) matrix.get(2).get(2)).doubleValue(), 1e-5);
        assertTrue(pair > ((Number) matrix.get(0).get(2)).doubleValue(), "related texts are closer than unrelated ones");
    }

    @Test
    void rankPutsTheRelevantDocumentFirst() {
        api().body(Map.of("query", "How do I bake bread?", "top_k", 2, "documents", List.of(
                        "The stock market fell sharply today.",
                        "Knead the dough, let it rise, then bake it at 220 degrees.",
                        "Cats sleep for most of the day.")))
                .post("/v1/rank").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].index", equalTo(1))
                .body("data[0].text", containsString("dough"));
    }

    @Test
    void analogyRanksCandidatesAndLeavesOutTheQuestionsTerms() {
        List<Map<String, Object>> ranked = api().body(Map.of(
                        "positive", List.of("king", "woman"), "negative", List.of("man"),
                        "candidates", List.of("king", "queen", "banana", "car", "woman")))
                .post("/v1/analogy").then().statusCode(200).body("data", hasSize(3))
                .extract().jsonPath().getList("data");
        assertEquals("queen", ranked.get(0).get("text"));
    }

    @Test
    void badGeometryRequestsGetOpenAiErrors() {
        api().body(Map.of("pairs", List.of(List.of("only one")))).post("/v1/similarity").then().statusCode(400)
                .body("error.param", equalTo("pairs[0]"));
        api().body(Map.of("texts", List.of("a"), "pairs", List.of(List.of("a", "b")))).post("/v1/similarity").then().statusCode(400);
        api().body(Map.of("query", "", "documents", List.of("a"))).post("/v1/rank").then().statusCode(400)
                .body("error.param", equalTo("query"));
        api().body(Map.of("query", "q", "documents", List.of("a"), "top_k", 0)).post("/v1/rank").then().statusCode(400)
                .body("error.param", equalTo("top_k"));
        api().body(Map.of("positive", List.of(), "candidates", List.of("a"))).post("/v1/analogy").then().statusCode(400)
                .body("error.param", equalTo("positive"));
        api().body(Map.of("model", "nope", "texts", List.of("a"))).post("/v1/similarity").then().statusCode(404);
    }
}
