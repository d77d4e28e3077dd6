package dev.llmsuite.pricing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.infra.TestInfrastructure;
import java.net.ServerSocket;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class KafkaReadinessTest {

    @Test
    void upWhileTheBrokerAnswers() {
        KafkaReadiness check = new KafkaReadiness(TestInfrastructure.kafka().bootstrapServers());
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
        KafkaReadiness check = new KafkaReadiness("127.0.0.1:" + closedPort);
        try {
            HealthCheckResponse response = check.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertTrue(response.getData().orElseThrow().get("reason").toString().startsWith("broker unreachable"));
        } finally {
            check.close();
        }
    }
}
