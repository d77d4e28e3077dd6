package dev.llmsuite.usage.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code llmsuite.kafka.*}: how every Kafka client of a service (producers, consumers, admin) reaches the
 * broker, and the topics a service creates at start-up. The same keys in every service, so one secret with a
 * client configuration file serves them all.
 */
@ConfigMapping(prefix = "llmsuite.kafka")
public interface KafkaConfig {

    /** Bootstrap servers; a {@code bootstrap.servers} in the client configuration file or an override wins. */
    @WithDefault("localhost:19092")
    String bootstrapServers();

    /**
     * A standard Kafka client {@code .properties} file (security.protocol, sasl.*, ssl.* ...), applied to every
     * producer, consumer and admin client after the service's own defaults.
     */
    Optional<Path> clientConfigFile();

    /** Individual client properties, {@code llmsuite.kafka.client."sasl.mechanism"=SCRAM-SHA-512}; applied last. */
    Map<String, String> client();

    Topics topics();

    /** How long the broker may take to answer a readiness check that needs it (pricing-service). */
    @WithDefault("2s")
    Duration readinessTimeout();

    interface Topics {
        /** Create absent topics at start-up with the admin client; off where a platform team owns the topics. */
        @WithDefault("true")
        boolean create();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** The topics' {@code retention.ms}. */
        @WithDefault("7d")
        Duration retention();
    }
}
