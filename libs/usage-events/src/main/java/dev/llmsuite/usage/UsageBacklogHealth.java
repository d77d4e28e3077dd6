package dev.llmsuite.usage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the event backlog in readiness without ever going down: a service serves requests while
 * Kafka is away, and the events wait for it.
 */
@Readiness
@ApplicationScoped
public class UsageBacklogHealth implements HealthCheck {

    private final KafkaUsagePublisher publisher;

    UsageBacklogHealth(KafkaUsagePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("usage-events")
                .up()
                .withData("backlog", publisher.backlog())
                .withData("dropped", (long) publisher.droppedCount())
                .build();
    }
}
