package dev.llmsuite.usage.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the outbox is within its disk budget. A broker that is away does not make the service unready
 * (events wait on disk); only a full outbox does, since the service then refuses billable requests.
 */
@Readiness
@ApplicationScoped
public class UsageOutboxHealth implements HealthCheck {

    private final UsageOutbox outbox;

    UsageOutboxHealth(UsageOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public HealthCheckResponse call() {
        long pendingBytes = outbox.pendingBytes();
        long maxBytes = outbox.settings().maxBytes();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("usage-outbox")
                .withData("pending-events", outbox.pendingEvents())
                .withData("pending-bytes", pendingBytes)
                .withData("max-bytes", maxBytes)
                .withData("dir", outbox.settings().dir().toString());
        if (outbox.overBudget()) {
            return response.down().withData("reason", "usage outbox full: " + pendingBytes + " unsent bytes of a "
                    + maxBytes + "-byte budget; Kafka is not taking events, new requests get 503").build();
        }
        return response.up().build();
    }
}
