package dev.llmsuite.generation.completion;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.generation.support.UsageTopic;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK, unchanged, pointed at this service: it must parse our JSON and our
 * server-sent events. Each request also has to reach Kafka as a usage event (real broker, real consumer).
 */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class OpenAiSdkTest {

    @TestHTTPResource("/v1")
    URL base;

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder().baseUrl(base.toString()).apiKey("sk-test-tenant").maxRetries(0).build();
    }

    @Test
    void streamsAChatCompletionLikeTheWholeOne() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(Stories260kModel.NAME)
                .addSystemMessage("You tell short stories.")
                .addUserMessage("Tell me about a dog.")
                .maxCompletionTokens(24)
                .temperature(0.0)
                .build();
        ChatCompletion whole = client().chat().completions().create(params);
        String expected = whole.choices().getFirst().message().content().orElse("");

        StringBuilder streamed = new StringBuilder();
        Optional<String> finish = Optional.empty();
        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : stream.stream().toList()) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(streamed::append);
                    if (choice.finishReason().isPresent()) {
                        finish = Optional.of(choice.finishReason().get().asString());
                    }
                }
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, streamed.toString());
        assertEquals(whole.choices().getFirst().finishReason().asString(), finish.orElseThrow());
    }

    /** The SDK reads x-request-id as the response's request id; with n=2 the prompt is in the usage once. */
    @Test
    void readsTheRequestIdAndCountsThePromptOnceForTwoChoices() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(Stories260kModel.NAME)
                .addUserMessage("Tell me about a dog.")
                .maxCompletionTokens(6)
                .n(2)
                .seed(3)
                .build();
        ChatCompletion single;
        try (HttpResponseFor<ChatCompletion> one = client().chat().completions().withRawResponse()
                .create(params.toBuilder().n(1).build())) {
            single = one.parse();
            assertTrue(one.requestId().orElseThrow().startsWith("req_"), one.requestId().toString());
        }
        try (HttpResponseFor<ChatCompletion> response = client().chat().completions().withRawResponse().create(params)) {
            ChatCompletion two = response.parse();
            assertTrue(response.requestId().isPresent(), "the SDK reads a request id");
            assertEquals(2, two.choices().size());
            CompletionUsage usage = two.usage().orElseThrow();
            long promptOnce = single.usage().orElseThrow().promptTokens();
            assertEquals(promptOnce, usage.promptTokens());
            assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        }
    }

    @Test
    void streamsACompletionAndReportsItsUsage() throws Exception {
        String user = "sdk-" + java.util.UUID.randomUUID();
        CompletionCreateParams params = CompletionCreateParams.builder()
                .model(Stories260kModel.NAME)
                .prompt("Once upon a time")
                .maxTokens(20)
                .temperature(0.0)
                .user(user)
                .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder streamed = new StringBuilder();
        long[] completionTokens = {-1};
        try (StreamResponse<Completion> stream = client().completions().createStreaming(params)) {
            for (Completion chunk : stream.stream().toList()) {
                chunk.choices().forEach(c -> streamed.append(c.text()));
                chunk.usage().ifPresent(u -> completionTokens[0] = u.completionTokens());
            }
        }
        assertTrue(streamed.length() > 0);
        assertEquals(20, completionTokens[0]);

        Completion whole = client().completions().create(params.toBuilder().streamOptions(Optional.empty()).build());
        assertEquals(whole.choices().getFirst().text(), streamed.toString());
        assertTrue(UsageTopic.await(event -> event.operation().equals("completion") && event.completionTokens() == 20
                && event.tenant().equals("test-tenant") && event.timeToFirstTokenMs() != null
                && "length".equals(event.finishReason())).isPresent(), "a usage event for the completion reached Kafka");
    }
}
