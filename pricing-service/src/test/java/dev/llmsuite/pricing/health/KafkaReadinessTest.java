package dev.llmsuite.pricing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.TestInfrastructure;
import java.net.ServerSocket;
import java.time.Duration;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class KafkaReadinessTest {

    @Test
    void upWhileTheBrokerAnswers() {
        // Minutes to answer: on a loaded machine the broker's first answer can take seconds, which is slow, not down.
        KafkaReadiness check = new KafkaReadiness(KafkaClientProperties.of(TestInfrastructure.kafka().bootstrapServers()), Eventually.PATIENCE);
        try {
            assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        } finally {
            check.close();
        }
    }

    @Test
    void downWithTheReasonWhenNoBrokerListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // Nothing listens, so the answer is DOWN however long the check waits; the service's own two seconds keep it short.
        KafkaReadiness check = new KafkaReadiness(KafkaClientProperties.of("127.0.0.1:" + closedPort), Duration.ofSeconds(2));
        try {
            HealthCheckResponse response = check.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertTrue(response.getData().orElseThrow().get("reason").toString().startsWith("broker unreachable"));
        } finally {
            check.close();
        }
    }
}
