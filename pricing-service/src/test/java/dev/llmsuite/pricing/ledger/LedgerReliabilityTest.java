package dev.llmsuite.pricing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.infra.EmbeddedKafka;
import dev.llmsuite.infra.Eventually;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 events published while the ledger consumer is stopped and started twice and the broker restarted
 * once: the ledger must hold every event once, and its total must equal a sum computed here, independently,
 * from the lesson's price table.
 */
class LedgerReliabilityTest {

    private static final int EVENTS = 100_000;
    private static final String TOPIC = "reliability.usage";

    /** The lesson's input/output prices in USD per 1M tokens, restated here as the test's own reference. */
    private static final Map<String, BigDecimal[]> LESSON_PRICES = Map.of(
            "gpt-4o", new BigDecimal[] {new BigDecimal("2.50"), new BigDecimal("10.00")},
            "gpt-4o-mini", new BigDecimal[] {new BigDecimal("0.15"), new BigDecimal("0.60")},
            "claude-3-5-sonnet", new BigDecimal[] {new BigDecimal("3.00"), new BigDecimal("15.00")},
            "llama-3-70b", new BigDecimal[] {new BigDecimal("0.50"), new BigDecimal("1.00")});
    private static final String[] MODELS = LESSON_PRICES.keySet().stream().sorted().toArray(String[]::new);

    @TempDir
    static Path kafkaDir;

    private static EmbeddedKafka kafka;
    private static DataSource ledger;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka(Files.createDirectories(kafkaDir.resolve("broker")), 0).start();
        ledger = LedgerDatabase.create("ledger_reliability");
    }

    @AfterAll
    static void stop() {
        kafka.stop();
    }

    @Test
    void everyEventIsBilledOnceThroughConsumerAndBrokerRestarts() throws Exception {
        LedgerSettings settings = new LedgerSettings(KafkaClientProperties.of(kafka.bootstrapServers()), "reliability", TOPIC, 2000, Duration.ofMinutes(5));
        // A thread of our own: it inherits this test's class loader, which pool threads may not after a @QuarkusTest.
        FutureTask<BigDecimal> publishing = new FutureTask<>(LedgerReliabilityTest::publish);
        Thread.ofPlatform().name("reliability-publisher").start(publishing);

        LedgerConsumer first = new LedgerConsumer(settings, ledger);
        first.start();
        awaitRows(20_000, publishing);
        first.stop();

        LedgerConsumer second = new LedgerConsumer(settings, ledger);
        second.start();
        awaitRows(45_000, publishing);
        // stop() returns once the broker is down; the publisher and the consumer see the outage
        // until start() has brought it back.
        kafka.stop();
        kafka.start();
        awaitRows(70_000, publishing);
        second.stop();

        LedgerConsumer third = new LedgerConsumer(settings, ledger);
        third.start();
        BigDecimal expectedMicros = publishing.get();
        awaitRows(EVENTS, publishing);
        third.stop();

        assertEquals(EVENTS, LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger"));
        assertEquals(0, LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger WHERE cost_usd IS NULL"));
        assertEquals(0, expectedMicros.movePointLeft(6).compareTo(
                LedgerDatabase.decimal(ledger, "SELECT sum(cost_usd) FROM usage_ledger")), "the exact cost of every event, once");
    }

    /**
     * Publishes every event and returns the total cost in micro-USD, each part rounded HALF_EVEN as
     * documented; fails if the broker refused any event for good, rather than leave the test to wait
     * for rows that cannot come.
     */
    private static BigDecimal publish() {
        Random random = new Random(42);
        BigDecimal total = BigDecimal.ZERO;
        Instant occurredAt = Instant.now();
        AtomicReference<Exception> refused = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (int i = 0; i < EVENTS; i++) {
                String model = MODELS[random.nextInt(MODELS.length)];
                long prompt = random.nextInt(4000);
                long completion = random.nextInt(1000);
                UsageEvent event = new UsageEvent(UUID.randomUUID(), occurredAt, "tenant-" + (i % 7), "generation-service",
                        model, "chat.completions", prompt, completion, 100, 10L, "stop", "req-" + i);
                producer.send(new ProducerRecord<>(TOPIC, event.tenant().getBytes(StandardCharsets.UTF_8),
                        UsageEventJson.write(event)), (metadata, error) -> {
                            if (error != null) {
                                refused.compareAndSet(null, error);
                            }
                        });
                BigDecimal[] price = LESSON_PRICES.get(model);
                total = total.add(price[0].multiply(BigDecimal.valueOf(prompt)))
                        .add(price[1].multiply(BigDecimal.valueOf(completion)));
            }
            producer.flush();
        }
        if (refused.get() != null) {
            throw new IllegalStateException("the broker refused an event", refused.get());
        }
        return total;
    }

    private static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // At least once, as the services' publisher promises: a batch retried across the restart may
        // land twice, and the ledger must still bill it once. (An idempotent producer can also stall:
        // when the first batch to a new partition meets a leader still being elected while later ones
        // get in, it retries that batch's sequence number forever; seen here on a loaded machine.)
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Waits for the ledger to hold {@code rows} rows, failing at once if the publisher failed. */
    private static void awaitRows(long rows, FutureTask<BigDecimal> publishing) throws Exception {
        Eventually.await("the ledger to reach " + rows + " rows", () -> {
            if (publishing.isDone()) {
                publishing.get();
            }
            return LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger") >= rows;
        });
    }
}
