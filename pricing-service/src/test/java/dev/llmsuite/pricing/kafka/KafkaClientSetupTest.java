package dev.llmsuite.pricing.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.infra.PostgresTestResource;
import dev.llmsuite.infra.TestInfrastructure;
import dev.llmsuite.pricing.api.TokenizerServiceFixture;
import dev.llmsuite.pricing.budgets.BudgetAlert;
import dev.llmsuite.pricing.ledger.DeadLetter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * The service creates its topics at start-up with the configured layout, and a property from the Kafka client
 * configuration file reaches its clients (the ledger consumer shows the file's {@code client.id} to the broker).
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenizerServiceFixture.class)
@TestProfile(KafkaClientSetupTest.ClientFileAndTopicLayout.class)
class KafkaClientSetupTest {

    static final String USAGE_TOPIC = "llm.usage.v1.created-at-startup";
    static final String GROUP = "ledger-client-file-test";
    static final String CLIENT_ID = "pricing-from-client-config-file";

    public static class ClientFileAndTopicLayout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("kafka-client", ".properties");
                Files.writeString(file, "# as a platform team hands it out\nclient.id=" + CLIENT_ID + "\n");
                return Map.of("llmsuite.kafka.client-config-file", file.toString(),
                        "llmsuite.kafka.topics.partitions", "4",
                        "llmsuite.kafka.topics.retention", "3d",
                        "llmsuite.usage.topic", USAGE_TOPIC,
                        "llmsuite.pricing.ledger.group-id", GROUP);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void topicsAreCreatedWithTheConfiguredPartitionsAndRetention() throws Exception {
        try (Admin admin = admin()) {
            Eventually.await("the topics to be created", () -> admin.listTopics().names().get()
                    .containsAll(Set.of(USAGE_TOPIC, DeadLetter.TOPIC, BudgetAlert.TOPIC)));
            TopicDescription usage = admin.describeTopics(List.of(USAGE_TOPIC)).allTopicNames().get().get(USAGE_TOPIC);
            assertEquals(4, usage.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, USAGE_TOPIC);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals(String.valueOf(Duration.ofDays(3).toMillis()), config.get(TopicConfig.RETENTION_MS_CONFIG).value());
        }
    }

    @Test
    void theClientConfigurationFileReachesTheLedgerConsumer() throws Exception {
        try (Admin admin = admin()) {
            Eventually.await("the ledger consumer to join its group", () -> hasMembers(admin));
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            assertTrue(group.members().stream().map(MemberDescription::clientId).allMatch(CLIENT_ID::equals),
                    "members: " + group.members());
        }
    }

    /**
     * The broker answers "group not found" until the consumer's first join reaches the coordinator: on a loaded
     * machine that can be after the service has started, so it means "not yet", not failure.
     */
    private static boolean hasMembers(Admin admin) throws Exception {
        try {
            return !admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()));
    }
}
