package dev.llmsuite.usage.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics a service needs when they are absent, with the configured partitions, replication and
 * retention, instead of leaving their layout to the broker's auto-creation defaults. Existing topics are
 * left as they are: changing a live topic's partitions is an operator's decision.
 */
public final class KafkaTopics {

    private static final int TIMEOUT_MS = 15_000;

    private KafkaTopics() {
    }

    /**
     * @return the topics this call created (the others existed already)
     * @throws Exception when the broker cannot be reached or refuses (say, a missing CREATE ACL)
     */
    public static List<String> ensure(KafkaClientProperties clients, TopicSettings settings, Collection<String> topics)
            throws Exception {
        Map<String, Object> config = clients.over(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.CLIENT_ID_CONFIG, "llmsuite-topic-setup"));
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t)).distinct()
                    .map(t -> new NewTopic(t, settings.partitions(), settings.replicationFactor())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(settings.retention().toMillis()))))
                    .toList();
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing).values();
            for (var result : results.entrySet()) {
                try {
                    result.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    // Another replica or service created it in the meantime: what we wanted.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("creating topic " + result.getKey() + " timed out", e);
                }
            }
            return created;
        }
    }
}
