package dev.llmsuite.usage;

import dev.llmsuite.infra.EmbeddedKafka;
import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.TopicRecords;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The publisher against a real KRaft broker that is down, comes up, goes down and comes back. */
class KafkaUsagePublisherTest {

    private static final String TOPIC = "llm.usage.v1.test";

    @TempDir
    static Path kafkaData;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void reservePorts() {
        kafka = new EmbeddedKafka(kafkaData, 0);
    }

    @AfterAll
    static void stopBroker() {
        kafka.stop();
    }

    @Test
    void everyEventPublishedWhileTheBrokerIsDownArrivesOnceItIsBack() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<UsageEvent> sent = new ArrayList<>();
        try (KafkaUsagePublisher publisher = new KafkaUsagePublisher(kafka.bootstrapServers(), TOPIC, 10_000, registry)) {
            // Phase 1: the publisher has never reached the broker, which is down. The sender's first
            // send fails (no metadata within max.block.ms) and goes back to the backlog with the others.
            kafka.stop();
            assertPublishingNeverWaits(publisher, sent, 1_000);
            Eventually.await("a failed send while the broker is down", () -> counter(registry, "llm.usage.events.failed") > 0);
            assertEquals(1_000, publisher.backlog(), "nothing can be delivered while the broker is down");
            kafka.start();
            awaitDrained(publisher);

            // Phase 2: the broker goes away after clients knew it. stop() returns once it is down,
            // so these events are all published during the outage.
            kafka.stop();
            assertPublishingNeverWaits(publisher, sent, 1_000);
            kafka.start();
            awaitDrained(publisher);

            assertEquals(0.0, publisher.droppedCount(), "no event may be dropped");
            assertEquals(2_000.0, counter(registry, "llm.usage.events.published"));
        }

        Map<UUID, UsageEvent> received = new HashMap<>();
        Set<UUID> duplicates = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : TopicRecords.readAll(kafka.bootstrapServers(), TOPIC)) {
            UsageEvent event = UsageEventJson.read(record.value());
            if (received.put(event.eventId(), event) != null) {
                duplicates.add(event.eventId());
            }
        }
        assertEquals(Set.of(), duplicates, "the idempotent producer wrote no event twice");
        assertEquals(sent.size(), received.size(), "every event arrived, by id");
        for (UsageEvent event : sent) {
            assertEquals(event, received.get(event.eventId()), "event arrived unchanged");
        }
    }

    @Test
    void oneTenantsEventsArriveInOrder() throws Exception {
        kafka.start();
        List<UsageEvent> sent = new ArrayList<>();
        try (KafkaUsagePublisher publisher = new KafkaUsagePublisher(kafka.bootstrapServers(), TOPIC + ".order", 10_000, new SimpleMeterRegistry())) {
            for (int i = 0; i < 600; i++) {
                UsageEvent event = event("tenant-" + (i % 3), i);
                sent.add(event);
                publisher.publish(event);
            }
            awaitDrained(publisher);
        }
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readAll(kafka.bootstrapServers(), TOPIC + ".order");
        assertEquals(sent.size(), records.size());
        Map<String, List<Long>> promptTokensByTenant = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            UsageEvent event = UsageEventJson.read(record.value());
            assertEquals(event.tenant(), record.key(), "records are keyed by tenant");
            promptTokensByTenant.computeIfAbsent(event.tenant(), t -> new ArrayList<>()).add(event.promptTokens());
        }
        for (List<Long> sequence : promptTokensByTenant.values()) {
            List<Long> sorted = new ArrayList<>(sequence);
            sorted.sort(null);
            assertEquals(sorted, sequence, "a tenant's events keep their publishing order");
        }
    }

    /**
     * Publishes {@code count} events while the broker is down. Each publish only appends to the
     * backlog; one that waited for the broker instead would wait max.block.ms (2 s) per event,
     * over half an hour for these, so a minute tells the two apart on any machine.
     */
    private static void assertPublishingNeverWaits(KafkaUsagePublisher publisher, List<UsageEvent> sent, int count) {
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            for (int i = 0; i < count; i++) {
                UsageEvent event = event("tenant-" + (i % 7), sent.size());
                sent.add(event);
                publisher.publish(event);
            }
        });
    }

    private static UsageEvent event(String tenant, long sequence) {
        return UsageEvent.of(tenant, "generation-service", "stories260K", "completion", sequence, 7, 12, 3L, "stop", "req-" + sequence, null);
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }

    /** Waits until the broker has acknowledged every event: from then on, all of them are in the topic. */
    private static void awaitDrained(KafkaUsagePublisher publisher) throws Exception {
        Eventually.await("the backlog to drain once the broker is back", () -> publisher.backlog() == 0);
    }
}
