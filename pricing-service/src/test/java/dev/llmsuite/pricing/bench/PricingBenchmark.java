package dev.llmsuite.pricing.bench;

import dev.llmsuite.infra.EmbeddedKafka;
import dev.llmsuite.infra.TestInfrastructure;
import dev.llmsuite.pricing.ledger.LedgerConsumer;
import dev.llmsuite.pricing.ledger.LedgerDatabase;
import dev.llmsuite.pricing.ledger.LedgerSettings;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ledger ingestion on a real broker and database: publishes a burst of usage events (plus a share of
 * redeliveries), then times the ledger consumer draining it into PostgreSQL.
 *
 * <p>Args: [events (default 200000)] [redelivered share in percent (default 5)]. The last line is
 * {@code RESULT pricing events_per_s=<x> lost=<n> duplicated=<m>}, with the target of 5,000 events/s for comparison.
 */
public final class PricingBenchmark {

    private static final String TOPIC = "bench.usage";
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "llama-3-70b", "stories260k"};
    private static final double TARGET_EVENTS_PER_S = 5000;

    private PricingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int redeliveredPercent = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        EmbeddedKafka kafka = TestInfrastructure.kafka();
        DataSource ledger = LedgerDatabase.create("pricing_bench_" + System.currentTimeMillis());

        long publishStart = System.nanoTime();
        int published = publish(kafka.bootstrapServers(), events, redeliveredPercent);
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
        System.out.printf("published %,d records (%,d events + %d%% redelivered) in %.1f s%n", published, events, redeliveredPercent, publishSeconds);

        LedgerConsumer consumer = new LedgerConsumer(new LedgerSettings(KafkaClientProperties.of(kafka.bootstrapServers()), "bench", TOPIC, 5000, Duration.ofHours(1)), ledger);
        long start = System.nanoTime();
        consumer.start();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        long rows = 0;
        long lastReport = start;
        while (consumer.ingested() + consumer.duplicates() < published && System.nanoTime() < deadline) {
            Thread.sleep(20);
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("  %,d records processed%n", consumer.ingested() + consumer.duplicates());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        consumer.stop();
        rows = LedgerDatabase.scalar(ledger, "SELECT count(*) FROM usage_ledger");
        long distinct = LedgerDatabase.scalar(ledger, "SELECT count(DISTINCT event_id) FROM usage_ledger");
        double eventsPerSecond = published / seconds;
        System.out.printf("ingested %,d rows from %,d records in %.2f s; %d failed batches; %,d redeliveries skipped%n",
                rows, published, seconds, consumer.failedBatches(), consumer.duplicates());
        System.out.printf("target %,.0f events/s: ratio %.2fx%n", TARGET_EVENTS_PER_S, eventsPerSecond / TARGET_EVENTS_PER_S);
        System.out.printf("RESULT pricing events_per_s=%.0f lost=%d duplicated=%d%n", eventsPerSecond, events - distinct, rows - distinct);
        System.exit(0);
    }

    /** @return records published: every event once, plus the redelivered share sent a second time */
    private static int publish(String bootstrapServers, int events, int redeliveredPercent) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Random random = new Random(7);
        Instant now = Instant.now();
        int records = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            List<byte[]> redeliveries = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                UsageEvent event = new UsageEvent(UUID.randomUUID(), now, "tenant-" + (i % 50), "generation-service",
                        MODELS[random.nextInt(MODELS.length)], "chat.completions", random.nextInt(4000), random.nextInt(800),
                        120, 15L, "stop", "req-" + i);
                byte[] json = UsageEventJson.write(event);
                producer.send(new ProducerRecord<>(TOPIC, event.tenant().getBytes(StandardCharsets.UTF_8), json));
                records++;
                if (random.nextInt(100) < redeliveredPercent) {
                    redeliveries.add(json);
                }
            }
            for (byte[] json : redeliveries) {
                producer.send(new ProducerRecord<>(TOPIC, json));
                records++;
            }
            producer.flush();
        }
        return records;
    }
}
