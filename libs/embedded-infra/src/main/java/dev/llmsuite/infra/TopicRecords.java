package dev.llmsuite.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads what a service published to a topic of the test broker, with a real consumer, from the
 * beginning. Records stay bytes to this library: the caller passes the decoder of its own contract.
 */
public final class TopicRecords {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Turns a record's value into the caller's type; it may refuse a malformed one by throwing. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] value) throws Exception;
    }

    private TopicRecords() {
    }

    /** The first decoded record on {@code topic} matching {@code wanted}, waiting up to 30 s for it. */
    public static <T> Optional<T> awaitFirst(String bootstrapServers, String topic, Decoder<T> decoder, Predicate<T> wanted)
            throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // A fresh group sees the topic from the start, whatever earlier tests consumed.
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    T value = decoder.decode(record.value());
                    if (wanted.test(value)) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
