package dev.llmsuite.tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a client can get a request wrong ends in a 4xx with OpenAI's error body. */
@QuarkusTest
class BadInputTest {

    @TestHTTPResource("/v1/tokenize")
    URI tokenize;

    static ValidatableResponse post(String path, Object body) {
        return asTenant().body(body).post(path).then();
    }

    static void isOpenAiError(ValidatableResponse response, int status) {
        response.statusCode(status).contentType(ContentType.JSON)
                .body("error.message", notNullValue())
                .body("error.type", notNullValue());
    }

    @Test
    void missingOrWrongApiKeyIs401() {
        isOpenAiError(given().contentType(ContentType.JSON).body(Map.of("text", "x", "encoding", "cl100k_base"))
                .post("/v1/tokenize").then(), 401);
        isOpenAiError(given().header("Authorization", "Bearer sk-wrong").get("/v1/encodings").then(), 401);
    }

    @Test
    void unknownEncodingIs400NamingTheValidOnes() {
        ValidatableResponse response = post("/v1/tokenize", Map.of("text", "x", "encoding", "cl200k_base"));
        isOpenAiError(response, 400);
        response.body("error.param", equalTo("encoding"))
                .body("error.message", containsString("cl100k_base"))
                .body("error.message", containsString("o200k_base"));
        isOpenAiError(post("/v1/tokens/count", Map.of("text", "x", "encodings", List.of("cl100k_base", "nope"))), 400);
    }

    @Test
    void unknownModelIs404NamingKnownFamilies() {
        ValidatableResponse response = post("/v1/tokenize", Map.of("text", "x", "model", "claude-3-5-sonnet"));
        isOpenAiError(response, 404);
        response.body("error.param", equalTo("model")).body("error.code", equalTo("model_not_found"))
                .body("error.message", containsString("gpt-4o"))
                .body("error.message", containsString("stories260K"));
    }

    @Test
    void vocabularyMustBeNamedExactlyOnce() {
        isOpenAiError(post("/v1/tokenize", Map.of("text", "x")), 400);
        isOpenAiError(post("/v1/tokenize", Map.of("text", "x", "encoding", "cl100k_base", "model", "gpt-4")), 400);
        isOpenAiError(post("/v1/tokens/count", Map.of("text", "x", "encodings", List.of())), 400);
        isOpenAiError(post("/v1/tokens/count", Map.of("text", "x", "encodings", List.of("cl100k_base"), "model", "gpt-4")), 400);
    }

    @Test
    void textMustBeGivenExactlyOnce() {
        isOpenAiError(post("/v1/tokenize", Map.of("encoding", "cl100k_base")), 400);
        isOpenAiError(post("/v1/tokenize", Map.of("text", "a", "texts", List.of("b"), "encoding", "cl100k_base")), 400);
        isOpenAiError(post("/v1/tokenize", Map.of("texts", List.of(), "encoding", "cl100k_base")), 400);
        isOpenAiError(post("/v1/tokenize", "{\"texts\": [\"a\", null], \"encoding\": \"cl100k_base\"}"), 400);
    }

    @Test
    void batchLargerThanTheLimitIs400() {
        ValidatableResponse response = post("/v1/tokens/count",
                Map.of("texts", Collections.nCopies(1025, "hi"), "encoding", "cl100k_base"));
        isOpenAiError(response, 400);
        response.body("error.param", equalTo("texts")).body("error.message", containsString("1024"));
    }

    @Test
    void textLongerThanTheLimitIs400() {
        ValidatableResponse response = post("/v1/tokenize", Map.of("text", "a".repeat(1_000_001), "encoding", "cl100k_base"));
        isOpenAiError(response, 400);
        response.body("error.param", equalTo("text"));
    }

    @Test
    void bodyLargerThanTheHttpLimitIs413() {
        String huge = "{\"text\": \"" + "a".repeat(3 * 1024 * 1024) + "\", \"encoding\": \"cl100k_base\"}";
        isOpenAiError(post("/v1/tokenize", huge), 413);
    }

    @Test
    void invalidUtf8InTheBodyIs400() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"encoding\": \"r50k_base\", \"text\": \"caf".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC3);
        body.writeBytes("(\"}".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(tokenize)
                        .header("Authorization", "Bearer sk-test-tenant")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("UTF-8"), response.body());
        assertTrue(response.body().contains("\"error\""), response.body());
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        isOpenAiError(post("/v1/tokenize", "{\"text\": \"unterminated"), 400);
        isOpenAiError(post("/v1/tokenize", "{\"text\": 42, \"encoding\": \"cl100k_base\"}"), 400);
        isOpenAiError(post("/v1/tokenize", "{\"texts\": \"not a list\", \"encoding\": \"cl100k_base\"}"), 400);
        isOpenAiError(post("/v1/detokenize", "{\"tokens\": [\"one\"], \"encoding\": \"cl100k_base\"}"), 400);
        isOpenAiError(post("/v1/detokenize", "{\"tokens\": [1.5], \"encoding\": \"cl100k_base\"}"), 400);
        isOpenAiError(post("/v1/detokenize", "{\"tokens\": [\"1\"], \"encoding\": \"cl100k_base\"}"), 400);
        isOpenAiError(post("/v1/tokenize", ""), 400);
        isOpenAiError(post("/v1/tokenize", "[\"a JSON array, not an object\"]"), 400);
        isOpenAiError(post("/v1/tokenize", "{\"texts\": [1, 2], \"encoding\": \"cl100k_base\"}"), 400);
        isOpenAiError(post("/v1/tokenize", "{\"text\": \"x\", \"encoding\": \"cl100k_base\", \"return_offsets\": \"yes\"}"), 400);
        isOpenAiError(post("/v1/tokenize", "{\"text\": \"x\", \"encoding\": \"cl100k_base\", \"return_offsets\": \"true\"}"), 400);
        isOpenAiError(post("/v1/detokenize", "{\"tokens\": [99999999999], \"encoding\": \"cl100k_base\"}"), 400);
    }

    @Test
    void offsetsAreLimitedBecauseEachTokenBecomesAJsonObject() {
        ValidatableResponse response = post("/v1/tokenize",
                Map.of("text", "word ".repeat(100_001), "encoding", "cl100k_base", "return_offsets", true));
        isOpenAiError(response, 400);
        response.body("error.param", equalTo("return_offsets"));
    }

    @Test
    void specialTokenOptionsMustNameSpecialTokensOfTheEncoding() {
        isOpenAiError(post("/v1/tokenize", Map.of("text", "x", "encoding", "r50k_base", "allowed_special", List.of("<|fim_prefix|>"))), 400);
        isOpenAiError(post("/v1/tokenize", Map.of("text", "x", "encoding", "cl100k_base", "allowed_special", "some")), 400);
        isOpenAiError(post("/v1/tokenize", Map.of("text", "x", "encoding", "cl100k_base", "disallowed_special", 7)), 400);
    }

    @Test
    void tokenIdsOutsideTheVocabularyAre400NamingTheIndex() {
        ValidatableResponse response = post("/v1/detokenize", Map.of("tokens", List.of(1, 2, 100256), "encoding", "cl100k_base"));
        isOpenAiError(response, 400);
        response.body("error.param", equalTo("tokens[2]"));
        isOpenAiError(post("/v1/detokenize", Map.of("tokens", List.of(-1), "encoding", "cl100k_base")), 400);
        isOpenAiError(post("/v1/detokenize", Map.of("tokens", List.of(50257), "encoding", "r50k_base")), 400);
        isOpenAiError(post("/v1/detokenize", Map.of("encoding", "r50k_base")), 400);
    }

    @Test
    void unknownRouteIs404() {
        isOpenAiError(asTenant().body("{}").post("/v1/tokenise").then(), 404);
    }
}
