package dev.llmsuite.generation.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many users at once with the default configuration: 300 concurrent chat completions
 * (max_tokens 16) all succeed. They wait in the scheduler's queue and run in batches; none is
 * turned away.
 */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class ManyUsersTest {

    private static final int USERS = 300;

    @TestHTTPResource("/v1/chat/completions")
    URL endpoint;

    @Test
    void threeHundredConcurrentChatCompletionsAllSucceed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < USERS; i++) {
                String body = "{\"model\":\"" + Stories260kModel.NAME + "\",\"max_tokens\":16,\"temperature\":0.8,\"seed\":" + i
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me story number " + i + ".\"}]}";
                HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.toString()))
                        .header("Authorization", "Bearer sk-test-tenant").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> pending : responses) {
                HttpResponse<String> response = pending.join();
                assertEquals(200, response.statusCode(), response.body());
                JsonNode answer = json.readTree(response.body());
                assertEquals("assistant", answer.at("/choices/0/message/role").asText());
                int completion = answer.at("/usage/completion_tokens").asInt();
                assertTrue(completion >= 1 && completion <= 16, response.body());
            }
        }
    }
}
