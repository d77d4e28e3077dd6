package dev.llmsuite.usage.outbox;

import dev.llmsuite.usage.UsageConfig;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import dev.llmsuite.usage.kafka.KafkaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives a service one {@link UsageOutbox} on {@code llmsuite.usage.outbox.dir}, closed at shutdown after a
 * grace period for sending what is pending (the rest waits on disk for the next start).
 */
@ApplicationScoped
public class UsageOutboxProducer {

    private static final Logger LOG = Logger.getLogger(UsageOutboxProducer.class);

    /** At start-up, not on first use: events left by a previous process are sent without waiting for a request. */
    @Produces
    @ApplicationScoped
    @Startup
    UsageOutbox outbox(UsageConfig usage, KafkaConfig kafka, MeterRegistry registry) throws IOException {
        Path dir = usage.outbox().dir().orElse(null);
        if (dir == null) {
            dir = Files.createTempDirectory("llmsuite-outbox-");
            LOG.warnf("llmsuite.usage.outbox.dir is not set: usage events wait in %s, which a restart does not find again", dir);
        }
        return new UsageOutbox(OutboxSettings.from(usage.outbox(), dir), KafkaClientProperties.from(kafka), usage.topic(), registry);
    }

    void close(@Disposes UsageOutbox outbox) {
        outbox.close();
    }
}
