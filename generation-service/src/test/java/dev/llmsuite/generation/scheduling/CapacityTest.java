package dev.llmsuite.generation.scheduling;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One generation slot and no queue: while a stream holds the slot (its client reads slowly, so
 * the server waits on the socket), another request is turned away with 429 and Retry-After;
 * once the first client hangs up, the slot is free again.
 */
@QuarkusTest
@TestProfile(CapacityTest.OneSlot.class)
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class CapacityTest {

    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.generation.capacity", "1", "llmsuite.generation.queue-size", "0");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private static String request(int maxTokens, boolean stream) {
        return "{\"model\":\"" + Stories260kModel.NAME + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":" + maxTokens
                + ",\"stream\":" + stream + ",\"logit_bias\":{\"2\":-100},\"logprobs\":5}";
    }

    @Test
    void aFullServerAnswers429UntilTheSlotIsFree() throws Exception {
        byte[] body = request(2000, true).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setReceiveBufferSize(4096);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().contains("200"));

            RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                    .body(request(5, false)).post("/v1/completions").then().statusCode(429)
                    .header("Retry-After", notNullValue())
                    .body("error.type", equalTo("rate_limit_error"));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        int status = 0;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            status = RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                    .body(request(5, false)).post("/v1/completions").statusCode();
        }
        assertTrue(status == 200, "the slot came back after the client hung up");
    }
}
