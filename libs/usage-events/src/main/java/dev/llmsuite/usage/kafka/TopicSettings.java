package dev.llmsuite.usage.kafka;

import java.time.Duration;

/** How the topics a service creates are laid out: partitions, replicas and how long records are kept. */
public record TopicSettings(int partitions, short replicationFactor, Duration retention) {

    public static TopicSettings from(KafkaConfig.Topics topics) {
        return new TopicSettings(topics.partitions(), topics.replicationFactor(), topics.retention());
    }
}
