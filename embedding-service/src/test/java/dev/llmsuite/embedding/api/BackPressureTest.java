package dev.llmsuite.embedding.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.llmsuite.embedding.api.EmbeddingsApiTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small queue and a long batching wait: more sentences than the queue holds get 429 with
 * Retry-After, and a client that hangs up while its sentence waits has that sentence dropped.
 */
@QuarkusTest
@TestProfile(BackPressureTest.SmallQueue.class)
class BackPressureTest {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.embedding.batch.queue-capacity", "4", "llmsuite.embedding.batch.max-wait", "1500ms");
        }
    }

    private static final Pattern DROPPED = Pattern.compile("embedding_sentences_dropped_total\\{[^}]*model=\"all-minilm-l6-v2\"[^}]*} ([0-9.]+)");

    @TestHTTPResource("/")
    URL root;

    @Test
    void moreSentencesThanTheQueueHoldsGet429WithRetryAfter() {
        post(Map.of("model", EmbeddingsApiTest.MODEL, "input", List.of("a", "b", "c", "d", "e")))
                .statusCode(429)
                .header("Retry-After", equalTo("1"))
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.message", containsString("queue is full"));
    }

    @Test
    void aClientThatHangsUpHasItsSentenceDropped() throws Exception {
        double before = dropped();
        String body = "{\"model\":\"all-minilm-l6-v2\",\"input\":\"nobody will read this vector\"}";
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/embeddings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (dropped() <= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(dropped() > before, "the abandoned sentence was not dropped");
        post(Map.of("model", EmbeddingsApiTest.MODEL, "input", "still serving")).statusCode(200);
    }

    private static double dropped() {
        Matcher m = DROPPED.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
