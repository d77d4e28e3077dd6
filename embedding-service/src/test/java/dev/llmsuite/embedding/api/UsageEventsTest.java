package dev.llmsuite.embedding.api;

import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.infra.TopicRecords;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.llmsuite.embedding.api.EmbeddingsApiTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request's usage event reaches a real Kafka broker, read back with a real consumer. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class UsageEventsTest {

    @Test
    void anEmbeddingRequestPublishesOneUsageEvent() throws Exception {
        // 41 words of "token" give 43 tokens with [CLS] and [SEP]: a count no other test produces.
        String text = "token ".repeat(41);
        int promptTokens = EmbeddingsApiTest.api().header("x-request-id", "usage-events-test-43")
                .body(Map.of("model", EmbeddingsApiTest.MODEL, "input", List.of(text))).post("/v1/embeddings").then()
                .statusCode(200).extract().path("usage.prompt_tokens");
        assertEquals(43, promptTokens);

        UsageEvent event = awaitEvent(promptTokens).orElseThrow(() -> new AssertionError("no usage event with 43 prompt tokens"));
        assertEquals("test-tenant", event.tenant());
        assertEquals("embedding-service", event.service());
        assertEquals(EmbeddingsApiTest.MODEL, event.model());
        assertEquals("embedding", event.operation());
        assertEquals(0, event.completionTokens());
        assertEquals("usage-events-test-43", event.xRequestId());
        assertTrue(event.latencyMs() >= 0);
    }

    private Optional<UsageEvent> awaitEvent(long promptTokens) throws Exception {
        // Read here, not injected: an injection point would make every test class's app require the broker.
        String servers = ConfigProvider.getConfig().getValue("llmsuite.kafka.bootstrap-servers", String.class);
        return TopicRecords.awaitFirst(servers, UsageEvent.TOPIC, UsageEventJson::read,
                event -> "embedding-service".equals(event.service()) && event.promptTokens() == promptTokens);
    }
}
