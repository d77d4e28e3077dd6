package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every out-of-range or malformed parameter is a 4xx in OpenAI's error format naming the parameter. */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class BadInputTest {

    private static ValidatableResponse post(String path, Object body) {
        return RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(body).post(path).then();
    }

    private static Map<String, Object> completion(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("model", Stories260kModel.NAME, "prompt", "Once upon a time", "max_tokens", 5));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    private static void rejects(Map<String, Object> body, String param) {
        post("/v1/completions", body).statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param))
                .body("error.message", containsString(param));
    }

    @Test
    void outOfRangeSamplingParametersNameThemselves() {
        rejects(completion("temperature", 2.5), "temperature");
        rejects(completion("temperature", -0.1), "temperature");
        rejects(completion("top_p", 0), "top_p");
        rejects(completion("top_p", 1.5), "top_p");
        rejects(completion("presence_penalty", 3), "presence_penalty");
        rejects(completion("frequency_penalty", -2.5), "frequency_penalty");
        rejects(completion("top_k", -1), "top_k");
        rejects(completion("min_p", 1.2), "min_p");
        rejects(completion("repetition_penalty", 0), "repetition_penalty");
        rejects(completion("n", 0), "n");
        rejects(completion("n", 100), "n");
        rejects(completion("max_tokens", 0), "max_tokens");
        rejects(completion("logprobs", 6), "logprobs");
        rejects(completion("stop", List.of("a", "b", "c", "d", "e")), "stop");
        rejects(completion("logit_bias", Map.of("99999", 1)), "logit_bias");
        rejects(completion("logit_bias", Map.of("5", 101)), "logit_bias.5");
        rejects(completion("stream_options", Map.of("include_usage", true)), "stream_options");
        rejects(completion("prompt", List.of(1, 2, 100000)), "prompt[2]");
        rejects(completion("prompt", List.of("a", "b", "c"), "n", 3), "prompt");
    }

    @Test
    void promptPlusMaxTokensOverTheContextGivesTheNumbers() {
        int context = RestAssured.given().header("Authorization", "Bearer sk-test-tenant").get("/v1/models/" + Stories260kModel.NAME)
                .then().statusCode(200).extract().jsonPath().getInt("context_length");
        int prompt = RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(completion("max_tokens", 1)).post("/v1/completions").then().statusCode(200)
                .extract().jsonPath().getInt("usage.prompt_tokens");
        int tooMany = context - prompt + 1;
        post("/v1/completions", completion("max_tokens", tooMany)).statusCode(400)
                .body("error.code", equalTo("context_length_exceeded"))
                .body("error.param", equalTo("max_tokens"))
                .body("error.message", containsString("maximum context length is " + context + " tokens"))
                .body("error.message", containsString("you requested " + (context + 1) + " tokens (" + prompt
                        + " in the prompt, " + tooMany + " for the completion)"));
    }

    @Test
    void missingOrUnknownModel() {
        Map<String, Object> noModel = completion();
        noModel.remove("model");
        rejects(noModel, "model");
        post("/v1/completions", completion("model", "gpt-9")).statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.message", containsString(Stories260kModel.NAME));
    }

    @Test
    void malformedBodiesAndWrongTypes() {
        post("/v1/completions", "{\"model\": ").statusCode(400).body("error.type", equalTo("invalid_request_error"));
        post("/v1/completions", completion("temperature", "hot")).statusCode(400).body("error.param", equalTo("temperature"));
        Map<String, Object> noPrompt = completion();
        noPrompt.remove("prompt");
        rejects(noPrompt, "prompt");
        rejects(completion("prompt", Map.of("text", "hi")), "prompt");
    }

    @Test
    void chatMessagesAreChecked() {
        post("/v1/chat/completions", Map.of("model", Stories260kModel.NAME, "messages", List.of())).statusCode(400)
                .body("error.param", equalTo("messages"));
        post("/v1/chat/completions", Map.of("model", Stories260kModel.NAME, "messages", List.of(Map.of("role", "wizard", "content", "hi"))))
                .statusCode(400).body("error.param", equalTo("messages[0].role"));
        post("/v1/chat/completions", Map.of("model", Stories260kModel.NAME, "messages", List.of(Map.of("role", "user", "content", "hi")),
                "top_logprobs", 3)).statusCode(400).body("error.param", equalTo("top_logprobs"));
        post("/v1/chat/completions", Map.of("model", Stories260kModel.NAME, "messages", List.of(Map.of("role", "user", "content", "hi")),
                "logprobs", true, "top_logprobs", 21)).statusCode(400).body("error.param", equalTo("top_logprobs"));
        post("/v1/chat/completions", Map.of("model", Stories260kModel.NAME, "messages", List.of(Map.of("role", "user", "content", "hi")),
                "max_completion_tokens", 100000)).statusCode(400).body("error.code", equalTo("context_length_exceeded"));
    }

    @Test
    void noApiKeyIsUnauthorized() {
        RestAssured.given().contentType("application/json").body(completion()).post("/v1/completions").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }
}
