package dev.llmsuite.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes usage events to Kafka without ever making a request wait for the broker.
 *
 * <p>{@link #publish} only appends to a bounded in-memory backlog. One sender thread moves events
 * from the backlog into the Kafka producer; when the broker is slow or down, the producer's own
 * buffer fills, sends time out, and the sender puts the event back at the head of the backlog and
 * tries again after a pause, until the broker answers. Only when the backlog itself is full is an
 * event dropped, and then counted in {@code llm_usage_events_dropped_total}.
 *
 * <p>Delivery is at least once: an event whose acknowledgement was lost is sent again, so consumers
 * deduplicate by {@code event_id} (the pricing ledger does).
 */
public final class KafkaUsagePublisher implements UsagePublisher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaUsagePublisher.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final BlockingDeque<UsageEvent> backlog;
    private final AtomicLong inFlight = new AtomicLong();
    private final Counter published;
    private final Counter failed;
    private final Counter dropped;
    private final Thread sender;
    private volatile boolean running = true;

    public KafkaUsagePublisher(String bootstrapServers, String topic, int capacity, MeterRegistry registry) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.backlog = new LinkedBlockingDeque<>(capacity);
        this.published = Counter.builder("llm.usage.events.published").description("Usage events acknowledged by Kafka").register(registry);
        this.failed = Counter.builder("llm.usage.events.failed").description("Send attempts that failed and were retried").register(registry);
        this.dropped = Counter.builder("llm.usage.events.dropped").description("Usage events lost because the backlog was full").register(registry);
        Gauge.builder("llm.usage.events.backlog", this, KafkaUsagePublisher::backlog)
                .description("Usage events accepted but not yet acknowledged by Kafka").register(registry);
        this.sender = Thread.ofPlatform().daemon().name("usage-event-sender").start(this::sendLoop);
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A send that cannot even fetch metadata gives up quickly so the sender can re-queue and pause.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "usage-publisher");
        return config;
    }

    @Override
    public void publish(UsageEvent event) {
        if (!running || !backlog.offerLast(event)) {
            dropped.increment();
            LOG.errorf("Usage event %s dropped: backlog full (%d) or publisher closed", event.eventId(), backlog.size());
        }
    }

    /** Events accepted but not yet acknowledged: waiting in the backlog or in flight to the broker. */
    public long backlog() {
        return backlog.size() + inFlight.get();
    }

    public double droppedCount() {
        return dropped.count();
    }

    private void sendLoop() {
        while (running || !backlog.isEmpty()) {
            UsageEvent event;
            try {
                event = backlog.pollFirst(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event != null) {
                send(event);
            }
        }
    }

    private void send(UsageEvent event) {
        inFlight.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(topic, event.tenant(), UsageEventJson.write(event)), (metadata, error) -> {
                inFlight.decrementAndGet();
                if (error == null) {
                    published.increment();
                } else {
                    retryLater(event, error);
                }
            });
        } catch (RuntimeException error) {
            inFlight.decrementAndGet();
            retryLater(event, error);
            pause();
        }
    }

    private void retryLater(UsageEvent event, Throwable error) {
        failed.increment();
        LOG.debugf("Usage event %s not delivered yet (%s); will retry", event.eventId(), error.toString());
        if (!backlog.offerFirst(event)) {
            dropped.increment();
            LOG.errorf("Usage event %s dropped: backlog full while retrying", event.eventId());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tries for up to {@code grace} to deliver what is still pending, then stops. Events still
     * undelivered after that are logged with their count: the only way this publisher loses events.
     */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (backlog() > 0 && System.nanoTime() < deadline) {
            producer.flush();
            pause();
        }
        running = false;
        sender.interrupt();
        long left = backlog();
        if (left > 0) {
            LOG.errorf("Closing with %d usage event(s) undelivered", left);
        }
        producer.close(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
