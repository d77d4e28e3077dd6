package dev.llmsuite.usage;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Gives every service one {@link KafkaUsagePublisher}, closed (with a delivery grace period) at shutdown. */
@ApplicationScoped
public class UsagePublisherProducer {

    @Produces
    @ApplicationScoped
    KafkaUsagePublisher publisher(UsageConfig config, MeterRegistry registry) {
        return new KafkaUsagePublisher(config.kafka().bootstrapServers(), config.usage().topic(),
                config.usage().backlogCapacity(), registry);
    }

    void close(@Disposes KafkaUsagePublisher publisher) {
        publisher.close();
    }
}
