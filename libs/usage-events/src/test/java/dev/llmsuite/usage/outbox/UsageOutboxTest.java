package dev.llmsuite.usage.outbox;

import dev.llmsuite.infra.EmbeddedKafka;
import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.TopicRecords;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox against a real KRaft broker that is down while events are written, and a publisher that dies. */
class UsageOutboxTest {

    @TempDir
    static Path kafkaData;
    static EmbeddedKafka kafka;

    @TempDir
    Path outboxDir;

    @BeforeAll
    static void reservePorts() {
        kafka = new EmbeddedKafka(kafkaData, 0);
    }

    @AfterAll
    static void stopBroker() {
        kafka.stop();
    }

    @Test
    void eventsWrittenWhileTheBrokerIsDownSurviveTheProcessAndArriveOnceInEffect() throws Exception {
        String topic = "usage.restart";
        kafka.stop();
        List<UsageEvent> sent = new ArrayList<>();
        UsageOutbox first = open(topic, 1 << 30);
        for (int i = 0; i < 500; i++) {
            UsageEvent event = event("tenant-" + (i % 4), i);
            first.publish(event);
            sent.add(event);
        }
        assertEquals(500, first.pendingEvents(), "nothing can leave while the broker is down");
        // As a process killed by SIGKILL: no grace, nothing flushed; only the log on disk remains.
        first.close(Duration.ZERO);

        kafka.start();
        UsageOutbox second = open(topic, 1 << 30);
        try {
            for (int i = 500; i < 600; i++) {
                UsageEvent event = event("tenant-" + (i % 4), i);
                second.publish(event);
                sent.add(event);
            }
            Eventually.await("the outbox to empty", () -> second.pendingEvents() == 0);
        } finally {
            second.close();
        }

        Map<UUID, UsageEvent> received = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicRecords.readAll(kafka.bootstrapServers(), topic)) {
            UsageEvent event = UsageEventJson.read(record.value());
            received.putIfAbsent(event.eventId(), event);
            assertEquals(event.tenant(), record.key(), "keyed by tenant");
        }
        assertEquals(sent.size(), received.size(), "every event arrived, by id (copies count once, as in the ledger)");
        for (UsageEvent event : sent) {
            assertEquals(event, received.get(event.eventId()));
        }
    }

    @Test
    void overItsBudgetTheOutboxSaysSoUntilKafkaCatchesUp() throws Exception {
        kafka.stop();
        UsageOutbox outbox = open("usage.budget", 4_000);
        try {
            int published = 0;
            while (!outbox.overBudget()) {
                outbox.publish(event("tenant-a", published++));
            }
            assertTrue(published > 1 && outbox.pendingBytes() >= 4_000, "the budget is what fills it");
            kafka.start();
            Eventually.await("the outbox to drain below its budget", () -> !outbox.overBudget() && outbox.pendingEvents() == 0);
            assertFalse(outbox.overBudget());
        } finally {
            outbox.close();
        }
    }

    private UsageOutbox open(String topic, long maxBytes) throws Exception {
        OutboxSettings settings = new OutboxSettings(outboxDir, maxBytes, 16 * 1024, Duration.ZERO, Duration.ofSeconds(3));
        return new UsageOutbox(settings, KafkaClientProperties.of(kafka.bootstrapServers()), topic, new SimpleMeterRegistry());
    }

    private static UsageEvent event(String tenant, int i) {
        return UsageEvent.of(tenant, "embedding-service", "all-minilm-l6-v2", "embedding", 10 + i, 0, 3, null, null,
                "req-" + i, "x-" + i);
    }
}
