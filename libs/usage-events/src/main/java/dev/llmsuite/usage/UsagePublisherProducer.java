package dev.llmsuite.usage;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives every service one {@link KafkaUsagePublisher}, closed (with a delivery grace period) at shutdown.
 *
 * <p>Configuration: {@code llmsuite.kafka.bootstrap-servers} (default {@code localhost:19092}, the
 * launcher's broker), {@code llmsuite.usage.topic} (default {@value UsageEvent#TOPIC}) and
 * {@code llmsuite.usage.backlog-capacity} (events held while Kafka is unreachable, default 100,000).
 */
@ApplicationScoped
public class UsagePublisherProducer {

    @Produces
    @ApplicationScoped
    KafkaUsagePublisher publisher(
            @ConfigProperty(name = "llmsuite.kafka.bootstrap-servers", defaultValue = "localhost:19092") String bootstrapServers,
            @ConfigProperty(name = "llmsuite.usage.topic", defaultValue = UsageEvent.TOPIC) String topic,
            @ConfigProperty(name = "llmsuite.usage.backlog-capacity", defaultValue = "100000") int backlogCapacity,
            MeterRegistry registry) {
        return new KafkaUsagePublisher(bootstrapServers, topic, backlogCapacity, registry);
    }

    void close(@Disposes KafkaUsagePublisher publisher) {
        publisher.close();
    }
}
