package dev.llmsuite.embedding.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.llmsuite.embedding.api.EmbeddingsApiTest.MODEL;
import static dev.llmsuite.embedding.api.EmbeddingsApiTest.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/** The OpenAI contract on the embedding endpoints: each case here was a defect of issue 12. */
@QuarkusTest
class ContractTest {

    static final String TOO_LONG = "word ".repeat(300);

    private static ValidatableResponse post(String path, Object body) {
        return api().body(body).post(path).then();
    }

    private static void refused(ValidatableResponse response, String param) {
        response.statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo(param));
    }

    @Test
    void anUnknownModelIsModelNotFoundOnEveryEndpoint() {
        post("/v1/embeddings", Map.of("model", "nope", "input", "x")).statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
        post("/v1/similarity", Map.of("model", "nope", "texts", List.of("a"))).statusCode(404)
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void looseTypesAreRefusedNamingTheField() {
        String start = "{\"model\":\"" + MODEL + "\",\"input\":\"x\",";
        refused(post("/v1/embeddings", start + "\"dimensions\":\"384\"}"), "dimensions");
        refused(post("/v1/embeddings", start + "\"dimensions\":384.0}"), "dimensions");
        refused(post("/v1/embeddings", start + "\"encoding_format\":5}"), "encoding_format");
        refused(post("/v1/embeddings", start + "\"user\":42}"), "user");
        refused(post("/v1/embeddings", start + "\"truncate\":\"true\"}"), "truncate");
        refused(post("/v1/embeddings", start + "\"truncate\":1}"), "truncate");
        refused(post("/v1/rank", "{\"query\":\"q\",\"documents\":[\"a\"],\"top_k\":\"2\"}"), "top_k");
        refused(post("/v1/similarity", "{\"texts\":[\"a\",7]}"), "texts[1]");
    }

    @Test
    void trailingContentAndDuplicateKeysAreRefused() {
        refused(post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"x\"} xyz"), null);
        refused(post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"input\":\"y\"}"), "input");
    }

    @Test
    void aTooLongTextIsReportedUnderItsOwnFieldAndTruncateIsHonoured() {
        tooLong(post("/v1/rank", Map.of("query", "q", "documents", List.of("short", TOO_LONG))), "documents[1]");
        tooLong(post("/v1/similarity", Map.of("pairs", List.of(List.of("short", TOO_LONG)))), "pairs[0][1]");
        tooLong(post("/v1/similarity", Map.of("texts", List.of(TOO_LONG))), "texts[0]");
        tooLong(post("/v1/analogy", Map.of("positive", List.of("king"), "candidates", List.of("queen", TOO_LONG))), "candidates[1]");
        tooLong(post("/v1/analogy", Map.of("positive", List.of("king"), "negative", List.of(TOO_LONG), "candidates", List.of("queen"))),
                "negative[0]");
        tooLong(post("/v1/rank", Map.of("query", TOO_LONG, "documents", List.of("short"))), "query");

        post("/v1/rank", Map.of("query", "q", "documents", List.of("short", TOO_LONG), "truncate", true)).statusCode(200)
                .body("data", hasSize(2));
        post("/v1/similarity", Map.of("pairs", List.of(List.of("short", TOO_LONG)), "truncate", true)).statusCode(200);
        post("/v1/analogy", Map.of("positive", List.of("king"), "candidates", List.of("queen", TOO_LONG), "truncate", true))
                .statusCode(200);
    }

    private static void tooLong(ValidatableResponse response, String field) {
        refused(response, field);
        response.body("error.message", containsString(field)).body("error.message", not(containsString("input[")));
    }

    @Test
    void everyResponseCarriesARequestId() {
        api().header("x-request-id", "emb-client-1").body(Map.of("model", MODEL, "input", "x")).post("/v1/embeddings").then()
                .statusCode(200).header("x-request-id", "emb-client-1");
        post("/v1/embeddings", Map.of("model", MODEL, "input", "")).statusCode(400)
                .header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));
    }
}
