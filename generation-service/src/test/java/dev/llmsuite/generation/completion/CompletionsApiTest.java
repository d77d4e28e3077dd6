package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.generate.Generator;
import dev.llmsuite.transformer.generate.TokenListener;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoints over HTTP with the real stories260K model, compared with the engine's own generation loop. */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class CompletionsApiTest {

    private static final String PROMPT = "Once upon a time";

    private static RequestSpecification client() {
        return RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json");
    }

    /** The same request run directly on the engine, outside the service. */
    private static GenerationResult direct(String prompt, int maxTokens) {
        try (LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"))) {
            int[] tokens = model.encodePrompt(prompt, model.addsBos());
            return new Generator(model).generate(new GenerationRequest(tokens, maxTokens, List.of(), SamplingParameters.greedy()),
                    TokenListener.NONE, () -> false);
        }
    }

    @Test
    void aGreedyCompletionIsTheEnginesText() {
        GenerationResult expected = direct(PROMPT, 24);
        JsonPath body = client().body(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "max_tokens", 24, "temperature", 0))
                .post("/v1/completions").then().statusCode(200)
                .body("object", equalTo("text_completion"))
                .body("choices[0].finish_reason", equalTo(expected.finishReason().wireName()))
                .extract().jsonPath();
        assertEquals(expected.text(), body.getString("choices[0].text"));
        assertEquals(expected.promptTokens(), body.getInt("usage.prompt_tokens"));
        assertEquals(expected.completionTokens(), body.getInt("usage.completion_tokens"));
    }

    @Test
    void aStreamedCompletionSendsTheSameTextChunkByChunkThenUsageThenDone() {
        String expected = direct(PROMPT, 30).text();
        String sse = client().body(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "max_tokens", 30, "temperature", 0,
                        "stream", true, "stream_options", Map.of("include_usage", true)))
                .post("/v1/completions").then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/event-stream"))
                .extract().asString();
        List<String> events = events(sse);
        assertEquals("[DONE]", events.getLast());
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 2)) {
            JsonPath chunk = JsonPath.from(event);
            text.append(chunk.getString("choices[0].text"));
        }
        assertEquals(expected, text.toString());
        JsonPath usage = JsonPath.from(events.get(events.size() - 2));
        assertEquals(0, usage.getList("choices").size());
        assertEquals(30, usage.getInt("usage.completion_tokens"));
        assertTrue(events.size() > 10, "tokens arrive as separate events");
    }

    @Test
    void aStopStringCutsTheTextAndReportsStop() {
        String unconstrained = direct(PROMPT, 60).text();
        int at = unconstrained.indexOf("Lily");
        assertTrue(at > 0, unconstrained);
        client().body(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "max_tokens", 60, "temperature", 0, "stop", List.of("Lily")))
                .post("/v1/completions").then().statusCode(200)
                .body("choices[0].text", equalTo(unconstrained.substring(0, at)))
                .body("choices[0].finish_reason", equalTo("stop"));
    }

    @Test
    void theSameSeedGivesTheSameChoicesAndNGivesSeveral() {
        Map<String, Object> request = Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "max_tokens", 20,
                "temperature", 1.0, "seed", 7, "n", 3);
        List<String> first = client().body(request).post("/v1/completions").then().statusCode(200).extract().jsonPath().getList("choices.text");
        List<String> again = client().body(request).post("/v1/completions").then().statusCode(200).extract().jsonPath().getList("choices.text");
        assertEquals(3, first.size());
        assertEquals(first, again);
        assertTrue(first.stream().distinct().count() > 1, "choices use different seeds: " + first);
    }

    @Test
    void severalPromptsGiveOneChoiceEachInOrder() {
        List<String> prompts = List.of("The cat", "Once upon a time");
        JsonPath body = client().body(Map.of("model", Stories260kModel.NAME, "prompt", prompts, "max_tokens", 12, "temperature", 0))
                .post("/v1/completions").then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(i, body.getInt("choices[" + i + "].index"));
            assertEquals(direct(prompts.get(i), 12).text(), body.getString("choices[" + i + "].text"));
        }
    }

    @Test
    void tokenIdPromptsAndLogprobsAreAccepted() {
        JsonPath body = client().body(Map.of("model", Stories260kModel.NAME, "prompt", List.of(1, 403, 407), "max_tokens", 3,
                        "temperature", 0, "logprobs", 2))
                .post("/v1/completions").then().statusCode(200).extract().jsonPath();
        assertEquals(3, body.getInt("usage.prompt_tokens"));
        assertEquals(3, body.getList("choices[0].logprobs.tokens").size());
        List<Map<String, Float>> top = body.getList("choices[0].logprobs.top_logprobs");
        assertTrue(top.getFirst().size() <= 2 && !top.getFirst().isEmpty());
        float chosen = body.getFloat("choices[0].logprobs.token_logprobs[0]");
        assertTrue(chosen <= 0f);
    }

    @Test
    void aChatCompletionAnswersAsTheAssistant() {
        client().body(Map.of("model", Stories260kModel.NAME, "max_tokens", 16, "temperature", 0,
                        "messages", List.of(Map.of("role", "system", "content", "You tell stories."),
                                Map.of("role", "user", "content", "Tell me about a cat."))))
                .post("/v1/chat/completions").then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("usage.completion_tokens", org.hamcrest.Matchers.lessThanOrEqualTo(16));
    }

    @Test
    void chatLogprobsListEveryTokenWithItsBytesAndAlternatives() {
        JsonPath body = client().body(Map.of("model", Stories260kModel.NAME, "max_tokens", 6, "temperature", 0, "logprobs", true,
                        "top_logprobs", 3, "messages", List.of(Map.of("role", "user", "content", "Tell me about a cat."))))
                .post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
        int tokens = body.getInt("usage.completion_tokens");
        assertEquals(tokens, body.getList("choices[0].logprobs.content").size());
        assertEquals(3, body.getList("choices[0].logprobs.content[0].top_logprobs").size());
        // Greedy: the chosen token is the most likely one, so it heads its own alternatives.
        assertEquals(body.getString("choices[0].logprobs.content[0].token"), body.getString("choices[0].logprobs.content[0].top_logprobs[0].token"));
        assertTrue(!body.getList("choices[0].logprobs.content[0].bytes").isEmpty());
    }

    @Test
    void modelsAreListed() {
        int context;
        try (LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"))) {
            context = model.info().contextLength();
        }
        client().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItem(Stories260kModel.NAME))
                .body("data[0].context_length", equalTo(context));
    }

    @Test
    void readinessIsUpWithAModel() {
        RestAssured.get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'generation' }.status", equalTo("UP"));
    }

    @Test
    void metricsExposeTheGenerationMeters() {
        client().body(Map.of("model", Stories260kModel.NAME, "prompt", PROMPT, "max_tokens", 4)).post("/v1/completions").then().statusCode(200);
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        for (String meter : List.of("llmsuite_generation_time_to_first_token_seconds", "llmsuite_generation_inter_token_latency_seconds",
                "llmsuite_generation_tokens_per_second", "llmsuite_generation_queue_depth", "llmsuite_generation_kv_cache_bytes")) {
            assertTrue(metrics.contains(meter), meter + " missing from /q/metrics");
        }
    }

    static List<String> events(String sse) {
        List<String> events = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            }
        }
        return events;
    }
}
