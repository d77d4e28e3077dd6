package dev.llmsuite.generation.explain;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.reference.Llama2cLayerZero;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/explain/attention} with the real stories260K model (5 layers, 8 heads, 4 KV heads, dim 64). */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class ExplainAttentionTest {

    private static final String PROMPT = "Once upon a time, there was a little girl named Lily.";

    private static ValidatableResponse explain(Map<String, Object> body) {
        return RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(body).post("/v1/explain/attention").then();
    }

    private static ValidatableResponse explainRaw(String body) {
        return RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(body).post("/v1/explain/attention").then();
    }

    private static int[] promptTokens() {
        return tokensOf(PROMPT);
    }

    /** The prompt's tokens as the engine itself encodes them, outside the service. */
    private static int[] tokensOf(String prompt) {
        try (LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"))) {
            return model.encodePrompt(prompt, model.addsBos());
        }
    }

    @Test
    void everyLayerAndHeadIsACausalDistributionPerRow() {
        JsonPath body = explain(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT)).statusCode(200)
                .body("object", equalTo("attention")).body("shape.layers", equalTo(5)).body("shape.heads", equalTo(8))
                .extract().jsonPath();
        int n = promptTokens().length;
        List<Map<String, Object>> maps = body.getList("attention");
        assertEquals(5 * 8, maps.size());
        for (int m = 0; m < maps.size(); m++) {
            List<List<Float>> weights = body.getList("attention[" + m + "].weights");
            assertEquals(n, weights.size());
            for (int q = 0; q < n; q++) {
                List<Float> row = weights.get(q);
                assertEquals(n, row.size());
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    float p = row.get(k);
                    if (k > q) {
                        assertEquals(0f, p, "map " + m + ": query " + q + " cannot see the later key " + k);
                    }
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-5, "map " + m + ", row " + q);
            }
        }
    }

    @Test
    void layerZeroEqualsLlama2cMathOnTheCheckpoint() throws Exception {
        int[] tokens = promptTokens();
        double[][][] expected = new Llama2cLayerZero(SharedData.model("stories260K.bin")).probabilities(tokens);
        for (int head : new int[] {0, 5}) {
            JsonPath body = explain(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "layer", 0, "head", head))
                    .statusCode(200).body("attention.size()", equalTo(1)).body("attention[0].layer", equalTo(0))
                    .body("attention[0].head", equalTo(head)).extract().jsonPath();
            List<List<Float>> weights = body.getList("attention[0].weights");
            for (int q = 0; q < tokens.length; q++) {
                for (int k = 0; k <= q; k++) {
                    assertEquals(expected[head][q][k], weights.get(q).get(k), 2e-5, "head " + head + " query " + q + " key " + k);
                }
            }
        }
    }

    @Test
    void tokensAndKvCacheSizeDescribeThePrompt() {
        int[] tokens = promptTokens();
        // stories260K: 5 layers x 4 KV heads x 8 values per head, keys and values, float32.
        long perToken = 2L * 5 * 4 * 8 * 4;
        JsonPath body = explain(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "layer", 4)).statusCode(200)
                .body("attention.size()", equalTo(8)).extract().jsonPath();
        assertEquals(tokens.length, body.getList("tokens").size());
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(tokens[i], body.getInt("tokens[" + i + "].id"));
        }
        assertEquals("F32", body.getString("kv_cache.type"));
        assertEquals(perToken, body.getLong("kv_cache.bytes_per_token"));
        assertEquals(tokens.length, body.getInt("kv_cache.tokens"));
        assertEquals(perToken * tokens.length, body.getLong("kv_cache.bytes"));
        assertEquals(tokens.length, body.getInt("usage.prompt_tokens"));
        assertTrue(body.getInt("next_token.id") >= 0);
    }

    @Test
    void outOfRangeSelectionsAndOversizedPromptsAre400() {
        explain(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "layer", 5)).statusCode(400)
                .body("error.param", equalTo("layer")).body("error.message", containsString("0 to 4"));
        explain(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "head", -1)).statusCode(400)
                .body("error.param", equalTo("head"));
        explain(Map.of("model", Stories260kModel.NAME, "prompt", "")).statusCode(400).body("error.param", equalTo("prompt"));
        explain(Map.of("model", Stories260kModel.NAME)).statusCode(400).body("error.param", equalTo("prompt"));
        explain(Map.of("prompt", PROMPT)).statusCode(400).body("error.param", equalTo("model"));
        explain(Map.of("model", "no-such-model", "prompt", PROMPT)).statusCode(404).body("error.code", equalTo("model_not_found"));
        explainRaw("{\"model\":\"" + Stories260kModel.NAME + "\",\"prompt\":\"hi\",\"layer\":1.5}").statusCode(400)
                .body("error.param", equalTo("layer"));
        explainRaw("{\"model\":\"" + Stories260kModel.NAME + "\",\"prompt\":42}").statusCode(400).body("error.param", equalTo("prompt"));
    }

    @Test
    void answersBeyondTheSizeLimitsAre400NamingTheLimit() {
        String tooLong = "Once upon a time there was a dog. ".repeat(40);
        explain(Map.of("model", Stories260kModel.NAME, "prompt", tooLong, "layer", 0, "head", 0)).statusCode(400)
                .body("error.type", equalTo("invalid_request_error")).body("error.code", equalTo("explain_limit_exceeded"))
                .body("error.param", equalTo("prompt")).body("error.message", containsString("max-prompt-tokens"));
        // 80 to 128 tokens: one head fits, all 40 maps (over 40 x 80^2 = 256,000 weights) exceed the test limit of 200,000.
        String fits = "Once upon a time there was a dog.";
        while (tokensOf(fits).length <= 80) {
            fits += " Once upon a time there was a dog.";
        }
        assertTrue(tokensOf(fits).length <= 128);
        explain(Map.of("model", Stories260kModel.NAME, "prompt", fits, "layer", 0, "head", 0)).statusCode(200);
        explain(Map.of("model", Stories260kModel.NAME, "prompt", fits)).statusCode(400)
                .body("error.code", equalTo("explain_limit_exceeded")).body("error.param", equalTo("layer"))
                .body("error.message", containsString("max-cells"));
    }

    @Test
    void theEndpointIsInTheOpenApiDocument() {
        RestAssured.get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/explain/attention'.post.summary", containsString("Attention weights"))
                .body("components.schemas.AttentionRequest.properties.layer.type", equalTo("integer"));
    }
}
