package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.generation.support.UsageTopic;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.usage.UsageEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OpenAI contract on completions and chat completions: each case here was a defect of issue 12. */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class ContractTest {

    private static final String PROMPT = "Once upon a time";
    private static final String MODEL = "{\"model\":\"" + Stories260kModel.NAME + "\",";

    private static ValidatableResponse post(String path, String body) {
        return RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(body).post(path).then();
    }

    private static void refused(ValidatableResponse response, String param) {
        response.statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo(param));
    }

    /** The prompt's length in tokens as the engine itself encodes it, outside the service. */
    private static int promptTokens(String prompt) {
        try (LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"))) {
            return model.encodePrompt(prompt, model.addsBos()).length;
        }
    }

    @Test
    void aDuplicateKeyInStreamOptionsIs400NotAServerError() {
        String options = "\"stream\":true,\"stream_options\":{\"include_usage\":true,\"include_usage\":false}}";
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2," + options), "stream_options.include_usage");
        refused(post("/v1/chat/completions", MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2," + options),
                "stream_options.include_usage");
    }

    @Test
    void looseTypesAreRefusedNamingTheField() {
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":1.5}"), "max_tokens");
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2,\"n\":\"1\"}"), "n");
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2,\"temperature\":\"0\"}"), "temperature");
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2,\"user\":42}"), "user");
        refused(post("/v1/chat/completions", MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"true\"}"), "stream");
        refused(post("/v1/chat/completions", MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":1}"), "logprobs");
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2,\"logit_bias\":{\"5\":\"1\"}}"), "logit_bias.5");
    }

    @Test
    void trailingContentIsRefused() {
        refused(post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2} xyz"), null);
        refused(post("/v1/chat/completions", MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}{}"), null);
    }

    @Test
    void theLargestMaxTokensCannotOverflowPastTheContextCheck() {
        post("/v1/completions", MODEL + "\"prompt\":\"hi\",\"max_tokens\":2147483647}").statusCode(400)
                .body("error.code", equalTo("context_length_exceeded")).body("error.param", equalTo("max_tokens"));
        post("/v1/chat/completions", MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":2147483647}")
                .statusCode(400).body("error.param", equalTo("max_completion_tokens"));
    }

    @Test
    void aPromptTooLongByItselfNamesThePromptOrTheMessages() {
        String longText = "Once upon a time there was a little dog. ".repeat(400);
        post("/v1/completions", MODEL + "\"prompt\":\"" + longText + "\",\"max_tokens\":1}").statusCode(400)
                .body("error.code", equalTo("context_length_exceeded")).body("error.param", equalTo("prompt"));
        post("/v1/chat/completions", MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}").statusCode(400)
                .body("error.code", equalTo("context_length_exceeded")).body("error.param", equalTo("messages"));
    }

    @Test
    void responseFormatMustBeAnObject() {
        String chat = MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2,\"response_format\":";
        refused(post("/v1/chat/completions", chat + "\"json_object\"}"), "response_format");
        refused(post("/v1/chat/completions", chat + "5}"), "response_format");
        refused(post("/v1/chat/completions", chat + "[]}"), "response_format");
        refused(post("/v1/chat/completions", chat + "{\"type\":5}}"), "response_format.type");
        post("/v1/chat/completions", chat + "{\"type\":\"text\"}}").statusCode(200);
    }

    /** OpenAI counts the prompt once however many choices share it, and so must the bill. */
    @Test
    void withTwoChoicesThePromptIsCountedAndBilledOnce() throws Exception {
        int prompt = promptTokens(PROMPT);
        String requestId = "gen-contract-" + UUID.randomUUID();
        JsonPath body = RestAssured.given().header("Authorization", "Bearer sk-test-tenant").header("x-request-id", requestId)
                .contentType("application/json")
                .body(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "max_tokens", 5, "n", 2, "temperature", 1, "seed", 7))
                .post("/v1/completions").then().statusCode(200).header("x-request-id", requestId).extract().jsonPath();
        assertEquals(prompt, body.getInt("usage.prompt_tokens"));
        int completion = body.getInt("usage.completion_tokens");
        assertEquals(10, completion);
        assertEquals(prompt + completion, body.getInt("usage.total_tokens"));

        UsageEvent event = UsageTopic.await(e -> requestId.equals(e.xRequestId())).orElseThrow();
        assertEquals(prompt, event.promptTokens());
        assertEquals(completion, event.completionTokens());
        assertEquals(body.getString("id"), event.requestId());
    }

    @Test
    void withTwoPromptsEachIsCountedOnce() {
        List<String> prompts = List.of(PROMPT, "The dog");
        int expected = promptTokens(prompts.get(0)) + promptTokens(prompts.get(1));
        RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(Map.of("model", Stories260kModel.NAME, "prompt", prompts, "max_tokens", 2, "n", 2))
                .post("/v1/completions").then().statusCode(200)
                .body("usage.prompt_tokens", equalTo(expected))
                .body("choices.size()", equalTo(4));
    }
}
