package dev.llmsuite.embedding.api;

import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /v1/embeddings} and {@code /v1/models} over HTTP: the OpenAI schema, and a 4xx in OpenAI's format for bad input. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EmbeddingsApiTest {

    static final String MODEL = "all-minilm-l6-v2";

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer sk-test-tenant").contentType(ContentType.JSON);
    }

    static ValidatableResponse post(Object body) {
        return api().body(body).post("/v1/embeddings").then();
    }

    static void assertOpenAiError(ValidatableResponse response, int status, String param, String messagePart) {
        response.statusCode(status)
                .body("error.message", containsString(messagePart))
                .body("error.type", notNullValue())
                .body("error.param", equalTo(param));
    }

    @Test
    void oneStringGivesOneUnitVectorAndUsage() {
        List<Float> vector = post(Map.of("model", MODEL, "input", "The cat sat on the mat."))
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("model", equalTo(MODEL))
                .body("data", hasSize(1))
                .body("data[0].object", equalTo("embedding"))
                .body("data[0].index", equalTo(0))
                .body("data[0].embedding", hasSize(384))
                .body("usage.prompt_tokens", equalTo(9))
                .body("usage.total_tokens", equalTo(9))
                .extract().jsonPath().getList("data[0].embedding", Float.class);
        double norm = Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
        assertEquals(1.0, norm, 1e-5);
    }

    @Test
    void base64CarriesTheSameLittleEndianFloats() {
        Map<String, Object> body = Map.of("model", MODEL, "input", List.of("first text", "second, longer text here"));
        List<List<Float>> floats = post(body).statusCode(200).extract().jsonPath().getList("data.embedding");
        List<String> packed = post(Map.of("model", MODEL, "input", body.get("input"), "encoding_format", "base64"))
                .statusCode(200).extract().jsonPath().getList("data.embedding", String.class);
        for (int i = 0; i < 2; i++) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(packed.get(i))).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(384 * 4, bytes.remaining());
            for (int d = 0; d < 384; d++) {
                assertEquals(((Number) floats.get(i).get(d)).floatValue(), bytes.getFloat(), 1e-7f);
            }
        }
    }

    @Test
    void tokenIdsAreFramedLikeText() {
        List<Float> fromText = post(Map.of("model", MODEL, "input", "hello world")).statusCode(200)
                .extract().jsonPath().getList("data[0].embedding", Float.class);
        List<Float> fromIds = post(Map.of("model", MODEL, "input", List.of(List.of(7592, 2088))))
                .statusCode(200).body("usage.prompt_tokens", equalTo(4))
                .extract().jsonPath().getList("data[0].embedding", Float.class);
        assertEquals(fromText, fromIds);
        post(Map.of("model", MODEL, "input", List.of(7592, 2088))).statusCode(200).body("data", hasSize(1));
    }

    @Test
    void tooLongInputNamesIndexCountAndLimitUnlessTruncated() {
        String longText = "word ".repeat(300);
        assertOpenAiError(post(Map.of("model", MODEL, "input", List.of("short", longText))), 400, "input[1]", "input[1] has 302 tokens");
        post(Map.of("model", MODEL, "input", List.of("short", longText))).body("error.message", containsString("256"));
        post(Map.of("model", MODEL, "input", List.of("short", longText), "truncate", true))
                .statusCode(200).body("data", hasSize(2)).body("usage.prompt_tokens", equalTo(3 + 256));
    }

    @Test
    void badInputGetsOpenAiErrors() {
        assertOpenAiError(post(Map.of("model", MODEL, "input", "")), 400, "input", "empty string");
        assertOpenAiError(post(Map.of("model", MODEL, "input", List.of())), 400, "input", "empty array");
        assertOpenAiError(post(Map.of("model", MODEL, "input", Collections.nCopies(10_000, "x"))), 400, "input", "at most 2048");
        assertOpenAiError(post(Map.of("model", MODEL, "input", 42)), 400, "input", "must be a string");
        assertOpenAiError(post(Map.of("model", MODEL, "input", Map.of("text", "x"))), 400, "input", "must be a string");
        assertOpenAiError(post(Map.of("model", MODEL, "input", List.of("x", 5))), 400, "input[1]", "wrong type");
        assertOpenAiError(post(Map.of("model", MODEL, "input", List.of(1.5))), 400, "input[0]", "non-negative integer");
        assertOpenAiError(post(Map.of("model", MODEL, "input", List.of(99_999_999))), 400, "input[0]", "is not a token id");
        assertOpenAiError(post(Map.of("input", "x")), 400, "model", "model");
        assertOpenAiError(post(Map.of("model", "no-such-model", "input", "x")), 404, "model", "does not exist");
        assertOpenAiError(post(Map.of("model", MODEL, "input", "x", "encoding_format", "hex")), 400, "encoding_format", "'float' or 'base64'");
        assertOpenAiError(post(Map.of("model", MODEL, "input", "x", "dimensions", 128)), 400, "dimensions", "does not support");
        post(Map.of("model", MODEL, "input", "x", "dimensions", "many")).statusCode(400).body("error.message", notNullValue());
        api().body("{\"model\": \"" + MODEL + "\", \"input\": ").post("/v1/embeddings").then()
                .statusCode(400).body("error.message", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body(Map.of("model", MODEL, "input", "x")).post("/v1/embeddings").then()
                .statusCode(401).body("error.message", notNullValue());
    }

    @Test
    void modelsListsTheEmbeddingModels() {
        api().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItem(MODEL))
                .body("data.find { it.id == '" + MODEL + "' }.dimensions", equalTo(384))
                .body("data.find { it.id == '" + MODEL + "' }.max_input_tokens", equalTo(256));
        api().get("/v1/models/" + MODEL).then().statusCode(200).body("owned_by", equalTo("llmsuite"));
        api().get("/v1/models/nope").then().statusCode(404).body("error.param", equalTo("model"));
    }

    @Test
    void readinessNamesTheLoadedModel() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'embedding-models' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'embedding-models' }.data.'all-minilm-l6-v2'", containsString("384 dimensions"));
    }
}
