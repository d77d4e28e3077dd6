package dev.llmsuite.generation.support;

import dev.llmsuite.infra.TopicRecords;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.function.Predicate;

/** Reads the usage topic of the test broker with a real consumer, from the beginning. */
public final class UsageTopic {

    private UsageTopic() {
    }

    /** The first generation-service event matching {@code wanted}, waiting minutes for it ({@link dev.llmsuite.infra.Eventually#PATIENCE}). */
    public static Optional<UsageEvent> await(Predicate<UsageEvent> wanted) throws Exception {
        String servers = ConfigProvider.getConfig().getValue("llmsuite.kafka.bootstrap-servers", String.class);
        return TopicRecords.awaitFirst(servers, UsageEvent.TOPIC, UsageEventJson::read,
                event -> event.service().equals("generation-service") && wanted.test(event));
    }
}
