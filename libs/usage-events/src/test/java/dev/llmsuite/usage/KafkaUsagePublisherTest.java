package dev.llmsuite.usage;

import dev.llmsuite.infra.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            // Phase 1: the broker has never run yet.
            assertPublishingNeverBlocks(publisher, sent, 1_000);
            Thread.sleep(3_000);
            assertEquals(1_000, publisher.backlog(), "nothing can be delivered while the broker is down");
            kafka.start();
            awaitDrained(publisher);

            // Phase 2: the broker goes away after clients knew it.
            kafka.stop();
            assertPublishingNeverBlocks(publisher, sent, 1_000);
            Thread.sleep(2_000);
            kafka.start();
            awaitDrained(publisher);

            assertEquals(0.0, publisher.droppedCount(), "no event may be dropped");
            assertEquals(2_000.0, registry.get("llm.usage.events.published").counter().count());
        }

        Map<UUID, UsageEvent> received = consumeAll(sent.size());
        assertEquals(sent.size(), received.size(), "every event arrived exactly once by id");
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
        Map<String, List<Long>> promptTokensByTenant = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : poll(TOPIC + ".order", sent.size())) {
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

    private static void assertPublishingNeverBlocks(KafkaUsagePublisher publisher, List<UsageEvent> sent, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            UsageEvent event = event("tenant-" + (i % 7), sent.size());
            sent.add(event);
            publisher.publish(event);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs < 1_000, "publishing " + count + " events took " + elapsedMs + " ms with the broker down");
    }

    private static UsageEvent event(String tenant, long sequence) {
        return UsageEvent.of(tenant, "generation-service", "stories260K", "completion", sequence, 7, 12, 3L, "stop", "req-" + sequence, null);
    }

    private static void awaitDrained(KafkaUsagePublisher publisher) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (publisher.backlog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, publisher.backlog(), "backlog drained once the broker is back");
    }

    private static Map<UUID, UsageEvent> consumeAll(int expected) throws Exception {
        Map<UUID, UsageEvent> byId = new HashMap<>();
        Set<UUID> duplicates = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : poll(TOPIC, expected)) {
            UsageEvent event = UsageEventJson.read(record.value());
            if (byId.put(event.eventId(), event) != null) {
                duplicates.add(event.eventId());
            }
        }
        assertTrue(duplicates.isEmpty(), "idempotent producer wrote no duplicates: " + duplicates.size());
        return byId;
    }

    private static List<ConsumerRecord<String, byte[]>> poll(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // One more poll proves nothing beyond the expected count is there.
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }
}
