package dev.llmsuite.embedding.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.embedding.api.EmbeddingsApiTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * No broker listens and the outbox's disk budget is one byte: the first request is served and its event
 * waits on disk; the next one is refused with 503 and Retry-After, which readiness and metrics say too.
 */
@QuarkusTest
@TestProfile(UsageOutboxFullTest.NoBrokerTinyBudget.class)
class UsageOutboxFullTest {

    public static class NoBrokerTinyBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.kafka.bootstrap-servers", "127.0.0.1:" + closedPort(),
                    "llmsuite.kafka.topics.create", "false",
                    "llmsuite.usage.outbox.max-bytes", "1",
                    "llmsuite.usage.outbox.retry-after", "7s");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void overItsBudgetTheServiceRefusesNewRequestsWith503AndRetryAfter() {
        post(Map.of("model", EmbeddingsApiTest.MODEL, "input", List.of("served and billed later"))).statusCode(200);

        post(Map.of("model", EmbeddingsApiTest.MODEL, "input", List.of("refused")))
                .statusCode(503)
                .header("Retry-After", equalTo("7"))
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("usage_outbox_full"));
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'usage-outbox' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'usage-outbox' }.data.reason", containsString("usage outbox full"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("llm_usage_outbox_rejected_total 1.0"))
                .body(containsString("llm_usage_outbox_pending_events 1.0"));
    }
}
