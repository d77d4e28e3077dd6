package dev.llmsuite.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads what was published to a topic of the test broker, with a real consumer, from the
 * beginning. Records stay bytes to this library: the caller passes the decoder of its own contract.
 */
public final class TopicRecords {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Turns a record's value into the caller's type; it may refuse a malformed one by throwing. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] value) throws Exception;
    }

    private TopicRecords() {
    }

    /**
     * The first decoded record on {@code topic} matching {@code wanted}, waiting up to
     * {@link Eventually#PATIENCE} for it: for records that a service publishes on its own time.
     */
    public static <T> Optional<T> awaitFirst(String bootstrapServers, String topic, Decoder<T> decoder, Predicate<T> wanted)
            throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // A fresh group sees the topic from the start, whatever earlier tests consumed.
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Eventually.PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    T value = decoder.decode(record.value());
                    if (wanted.test(value)) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every record of {@code topic} up to the end of each partition as it is when called. Call it
     * once the broker has acknowledged the sends under test: then all of them are there, and a
     * record too many (a duplicate) is there too, with no guessing how long to keep polling.
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Eventually.PATIENCE).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Eventually.PATIENCE);
            long deadline = System.nanoTime() + Eventually.PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Eventually.PATIENCE) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + ends
                            + " within " + Eventually.PATIENCE.toMinutes() + " minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }
}
