package dev.llmsuite.generation.scheduling;

import dev.llmsuite.generation.models.ModelRegistry;
import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of one and a queue of one: while a stream holds the batch (its client does not read,
 * so it falls behind and its sequence waits for it, keeping its place) and another request waits
 * in the queue, a third is turned away with 429 and Retry-After. When the first client hangs up,
 * its sequence is cancelled, the queued request runs, and the server accepts work again.
 */
@QuarkusTest
@TestProfile(FullQueueTest.OneRunningOneWaiting.class)
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class FullQueueTest {

    public static class OneRunningOneWaiting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.generation.max-batch-size", "1", "llmsuite.generation.queue-size", "1");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    ModelRegistry registry;

    private static String request(int maxTokens, boolean stream) {
        return "{\"model\":\"" + Stories260kModel.NAME + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":" + maxTokens
                + ",\"stream\":" + stream + ",\"logit_bias\":{\"2\":-100},\"logprobs\":5}";
    }

    private static RequestSpecification client() {
        return RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json");
    }

    @Test
    void beyondTheQueueTheAnswerIs429WithRetryAfterUntilThereIsRoomAgain() throws Exception {
        byte[] body = request(2000, true).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Integer> queued;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().contains("200"));

            queued = CompletableFuture.supplyAsync(() -> client().body(request(5, false)).post("/v1/completions").statusCode());
            var scheduler = registry.require(Stories260kModel.NAME).scheduler();
            while (scheduler.queued() < 1) {
                Thread.onSpinWait();
            }
            client().body(request(5, false)).post("/v1/completions").then().statusCode(429)
                    .header("Retry-After", notNullValue())
                    .body("error.type", equalTo("rate_limit_error"))
                    .body("error.code", equalTo("rate_limit_exceeded"));
        }
        // A safety net against a hang, not a measurement: the queued request needs only the hang-up.
        assertEquals(200, queued.get(5, TimeUnit.MINUTES), "the queued request ran once the first client hung up");
        client().body(request(5, false)).post("/v1/completions").then().statusCode(200);
    }
}
