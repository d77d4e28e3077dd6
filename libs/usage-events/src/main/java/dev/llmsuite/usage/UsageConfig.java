package dev.llmsuite.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code llmsuite.kafka.*} and {@code llmsuite.usage.*}: where usage events go and how much may wait. */
@ConfigMapping(prefix = "llmsuite")
public interface UsageConfig {

    Kafka kafka();

    Usage usage();

    interface Kafka {
        /** The broker the launcher starts listens on 19092. */
        @WithName("bootstrap-servers")
        @WithDefault("localhost:19092")
        String bootstrapServers();
    }

    interface Usage {
        @WithDefault(UsageEvent.TOPIC)
        String topic();

        /** Events held while Kafka is unreachable; beyond this they are dropped and counted. */
        @WithName("backlog-capacity")
        @WithDefault("100000")
        int backlogCapacity();
    }
}
