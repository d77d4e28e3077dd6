package dev.llmsuite.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points a {@code @QuarkusTest} at the shared real Kafka broker of this test JVM. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String servers = TestInfrastructure.kafka().bootstrapServers();
        return Map.of("llmsuite.kafka.bootstrap-servers", servers, "kafka.bootstrap.servers", servers);
    }

    @Override
    public void stop() {
        // The broker outlives one test class; TestInfrastructure stops it when the JVM exits.
    }
}
