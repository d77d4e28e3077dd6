package dev.llmsuite.usage.outbox;

import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import dev.llmsuite.usage.UsagePublisher;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Usage events through a durable outbox: {@link #publish} appends the event to the {@link SegmentLog} and
 * returns once it is durable, before the response completes; an {@link OutboxSender} ships the log to Kafka
 * (acks=all, idempotent producer) and the log forgets what the broker has acknowledged. A process killed at
 * any moment leaves its unsent events in the log, and the next process on the same folder sends them.
 *
 * <p>The log's disk budget is enforced on admission ({@link #overBudget()}, answered with 503 by
 * {@link OutboxAdmission}), never on append: a request already being served is always recorded.
 */
public final class UsageOutbox implements UsagePublisher, AutoCloseable {

    private final OutboxSettings settings;
    private final SegmentLog log;
    private final OutboxSender sender;
    private final Timer appendTime;
    private final Counter rejected;

    public UsageOutbox(OutboxSettings settings, KafkaClientProperties kafka, String topic, MeterRegistry registry) throws IOException {
        this.settings = settings;
        this.log = new SegmentLog(settings.dir(), settings.segmentBytes(), settings.fsyncInterval());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.over(producerDefaults()),
                new ByteArraySerializer(), new ByteArraySerializer());
        Counter published = Counter.builder("llm.usage.events.published").description("Usage events acknowledged by Kafka").register(registry);
        Counter failed = Counter.builder("llm.usage.events.failed").description("Send rounds that failed and were retried from the outbox").register(registry);
        this.rejected = Counter.builder("llm.usage.outbox.rejected").description("Requests refused with 503 because the outbox was over its disk budget").register(registry);
        this.appendTime = Timer.builder("llm.usage.outbox.append").description("Time to make a usage event durable in the outbox (write and fsync)")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("llm.usage.outbox.pending.events", log, SegmentLog::pendingRecords).strongReference(true)
                .description("Usage events in the outbox not yet acknowledged by Kafka").register(registry);
        Gauge.builder("llm.usage.outbox.pending.bytes", log, SegmentLog::pendingBytes).strongReference(true)
                .description("Bytes in the outbox not yet acknowledged by Kafka").register(registry);
        Gauge.builder("llm.usage.outbox.max.bytes", settings, OutboxSettings::maxBytes).strongReference(true)
                .description("The outbox's disk budget; beyond it new requests get 503").register(registry);
        this.sender = new OutboxSender(log, producer, topic, published, failed);
    }

    private static Map<String, Object> producerDefaults() {
        return Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // A send that cannot even fetch metadata gives up quickly, so the sender can pause and retry.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000,
                ProducerConfig.CLIENT_ID_CONFIG, "usage-outbox");
    }

    /**
     * Appends the event and returns once it is durable per the fsync policy.
     *
     * @throws UncheckedIOException when the disk refuses the write: the request then fails rather than being
     *                              served unbilled
     */
    @Override
    public void publish(UsageEvent event) {
        long started = System.nanoTime();
        try {
            log.append(event.tenant().getBytes(StandardCharsets.UTF_8), UsageEventJson.write(event));
        } catch (IOException e) {
            throw new UncheckedIOException("usage event " + event.eventId() + " could not be written to the outbox in " + log.dir(), e);
        }
        appendTime.record(Duration.ofNanos(System.nanoTime() - started));
    }

    /** True while the unsent events exceed the disk budget: new requests are refused until Kafka catches up. */
    public boolean overBudget() {
        return log.pendingBytes() >= settings.maxBytes();
    }

    void countRejected() {
        rejected.increment();
    }

    public long pendingEvents() {
        return log.pendingRecords();
    }

    public long pendingBytes() {
        return log.pendingBytes();
    }

    public OutboxSettings settings() {
        return settings;
    }

    /**
     * Ships for up to {@code grace} what is pending, then closes. What is still unsent stays on disk; with a
     * zero grace nothing is waited for, as when the process is killed.
     */
    public void close(Duration grace) {
        sender.close(grace);
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
