package dev.llmsuite.pricing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.infra.EmbeddedKafka;
import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.TestInfrastructure;
import dev.llmsuite.infra.TopicRecords;
import dev.llmsuite.pricing.budgets.BudgetAlert;
import dev.llmsuite.pricing.budgets.BudgetStatus;
import dev.llmsuite.pricing.budgets.BudgetStore;
import dev.llmsuite.pricing.catalog.CatalogStore;
import dev.llmsuite.pricing.catalog.Model;
import dev.llmsuite.pricing.catalog.PriceVersion;
import dev.llmsuite.pricing.money.PricePerMillion;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger consumer against a real broker and database: redeliveries, poison records, unknown models, budgets. */
class LedgerConsumerTest {

    private static final String TOPIC = "behaviour.usage";

    private static EmbeddedKafka kafka;
    private static DataSource ledger;
    private static LedgerConsumer consumer;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestInfrastructure.kafka();
        ledger = LedgerDatabase.create("ledger_behaviour");
        consumer = new LedgerConsumer(new LedgerSettings(KafkaClientProperties.of(kafka.bootstrapServers()), "behaviour", TOPIC, 500, Duration.ofMinutes(5)), ledger);
        consumer.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stop() {
        consumer.stop();
        producer.close();
    }

    /** The x-request-id leads from a client's logs to its ledger row; events that predate the field store NULL. */
    @Test
    void theHttpRequestIdOfAnEventIsStoredWithIt() throws Exception {
        UsageEvent base = event("tenant-request-id", "gpt-4o", 10, 1);
        UsageEvent withId = new UsageEvent(base.eventId(), base.occurredAt(), base.tenant(), base.service(), base.model(),
                base.operation(), 10, 1, 50, 5L, "stop", "chatcmpl-1", "client-req-77");
        UsageEvent withoutId = event("tenant-request-id", "gpt-4o", 20, 2);
        send(UsageEventJson.write(withId));
        send(UsageEventJson.write(withoutId));
        awaitRow(withoutId.eventId());
        assertEquals(1, LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger WHERE event_id = '" + withId.eventId()
                + "' AND x_request_id = 'client-req-77'"));
        assertEquals(1, LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger WHERE event_id = '" + withoutId.eventId()
                + "' AND x_request_id IS NULL"));
    }

    @Test
    void anEventDeliveredThreeTimesIsBilledOnce() throws Exception {
        UsageEvent event = event("tenant-redelivery", "gpt-4o", 1000, 100);
        byte[] json = UsageEventJson.write(event);
        for (int i = 0; i < 3; i++) {
            send(json);
        }
        // Same key, same partition: once this later event is in, all three copies have been consumed.
        UsageEvent after = event("tenant-after-redelivery", "gpt-4o", 1, 1);
        send(UsageEventJson.write(after));
        awaitRow(after.eventId());

        assertEquals(1, LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger WHERE event_id = '" + event.eventId() + "'"));
        // 1000 x 2.50 + 100 x 10.00 micro-USD, from the lesson's GPT-4o prices
        assertEquals(0, new BigDecimal("0.0035").compareTo(LedgerDatabase.decimal(ledger,
                "SELECT sum(cost_usd) FROM usage_ledger WHERE tenant = 'tenant-redelivery'")));
    }

    @Test
    void poisonRecordsEndInTheDeadLetterTopicWithReasonsAndDoNotStallTheLedger() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        send(("{not json " + marker).getBytes(StandardCharsets.UTF_8));
        send(UsageEventJson.write(event("tenant-poison", "gpt-4o", -5, 1, marker)));
        send(UsageEventJson.write(event(null, "gpt-4o", 5, 1, marker)));
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        byte[] head = ("{\"note\":\"" + marker + "\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, huge, 0, head.length);
        huge[huge.length - 1] = '}';
        send(huge);
        UsageEvent afterwards = event("tenant-after-poison", "gpt-4o-mini", 10, 10);
        send(UsageEventJson.write(afterwards));

        awaitRow(afterwards.eventId());
        // The ledger commits a batch only after the broker acknowledged its dead letters.
        List<DeadLetter> letters = recordsContaining(DeadLetter.TOPIC, marker).stream().map(DeadLetter::read).toList();
        assertEquals(4, letters.size(), "dead letters: " + letters);
        List<String> reasons = letters.stream().map(DeadLetter::reason).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("not JSON")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("prompt_tokens is negative")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("tenant is missing")), reasons.toString());
        DeadLetter oversized = letters.stream().filter(l -> l.payloadBytes() == huge.length).findFirst().orElseThrow();
        assertTrue(oversized.reason().contains("exceeds"), oversized.reason());
        assertTrue(oversized.payloadTruncated());
        assertTrue(letters.stream().allMatch(l -> l.sourceTopic().equals(TOPIC)));
    }

    @Test
    void anUnknownModelIsKeptUnpricedThenPricedWhenItsPriceIsAdded() throws Exception {
        UsageEvent event = event("tenant-unknown-model", "Mystery-LM-7B", 2_000_000, 1_000_000);
        send(UsageEventJson.write(event));
        awaitRow(event.eventId());
        assertEquals(1, LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger WHERE event_id = '"
                + event.eventId() + "' AND cost_usd IS NULL AND unpriced_reason LIKE 'unknown model%'"));

        CatalogStore catalog = new CatalogStore(ledger);
        catalog.addModel(new Model("mystery-lm-7b", "acme", "Mystery", 4096, "cl100k_base", BigDecimal.ONE, Model.EXACT, false));
        catalog.addPriceVersion(new PriceVersion(0, "mystery-lm-7b", Instant.EPOCH, PricePerMillion.of("0.20"),
                PricePerMillion.of("0.40"), null), "test");
        Repricer.reprice(ledger, catalog.priceBook());

        // 2M tokens at USD 0.20 per 1M plus 1M tokens at USD 0.40 per 1M = USD 0.80
        assertEquals(0, new BigDecimal("0.8").compareTo(LedgerDatabase.decimal(ledger,
                "SELECT cost_usd FROM usage_ledger WHERE event_id = '" + event.eventId() + "'")));
    }

    @Test
    void crossingEightyAndHundredPercentPublishesOneAlertEach() throws Exception {
        String tenant = "tenant-budget-" + UUID.randomUUID();
        BudgetStore budgets = new BudgetStore(ledger);
        budgets.set(tenant, 1_000_000);
        // 180,000 GPT-4o input tokens at USD 2.50 per 1M = USD 0.45 per event: 45%, 90%, 135%, 180%
        for (int i = 0; i < 4; i++) {
            UsageEvent event = event(tenant, "gpt-4o", 180_000, 0);
            send(UsageEventJson.write(event));
            awaitRow(event.eventId());
        }

        // The ledger commits a batch only after the broker acknowledged its alerts.
        List<BudgetAlert> alerts = recordsContaining(BudgetAlert.TOPIC, tenant).stream().map(BudgetAlert::read).toList();
        assertEquals(List.of(80, 100), alerts.stream().map(BudgetAlert::thresholdPercent).sorted().toList());
        BudgetStatus status = budgets.status(tenant, Instant.now()).orElseThrow();
        assertEquals(new BigDecimal("1.800000"), status.spentUsd());
        assertEquals(List.of(80, 100), status.alerts().stream().map(BudgetStatus.Alert::thresholdPercent).toList());
    }

    private static UsageEvent event(String tenant, String model, long prompt, long completion) {
        return event(tenant, model, prompt, completion, "req");
    }

    private static UsageEvent event(String tenant, String model, long prompt, long completion, String requestId) {
        return new UsageEvent(UUID.randomUUID(), Instant.now(), tenant, "generation-service", model, "chat.completions",
                prompt, completion, 50, 5L, "stop", requestId);
    }

    private static void send(byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, "k".getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private static void awaitRow(UUID eventId) throws Exception {
        Eventually.await("event " + eventId + " in the ledger", () ->
                LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger WHERE event_id = '" + eventId + "'") > 0);
    }

    /** The values on {@code topic} now that contain {@code text}. */
    private static List<byte[]> recordsContaining(String topic, String text) {
        return TopicRecords.readAll(kafka.bootstrapServers(), topic).stream().map(ConsumerRecord::value)
                .filter(value -> new String(value, StandardCharsets.UTF_8).contains(text)).toList();
    }
}
