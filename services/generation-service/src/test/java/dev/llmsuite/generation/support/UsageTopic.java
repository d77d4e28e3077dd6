package dev.llmsuite.generation.support;

import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads the usage topic of the test broker with a real consumer, from the beginning. */
public final class UsageTopic {

    private UsageTopic() {
    }

    /** The first generation-service event matching {@code wanted}, waiting up to 30 s for it. */
    public static Optional<UsageEvent> await(Predicate<UsageEvent> wanted) throws Exception {
        String servers = ConfigProvider.getConfig().getValue("llmsuite.kafka.bootstrap-servers", String.class);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "generation-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(UsageEvent.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    UsageEvent event = UsageEventJson.read(record.value());
                    if (event.service().equals("generation-service") && wanted.test(event)) {
                        return Optional.of(event);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
