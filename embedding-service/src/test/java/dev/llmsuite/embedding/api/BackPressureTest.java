package dev.llmsuite.embedding.api;

import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
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

/**
 * A small queue and a long batching wait: more sentences than the queue holds get 429 with
 * Retry-After, and a client that hangs up while its sentence waits has that sentence dropped.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(BackPressureTest.SmallQueue.class)
class BackPressureTest {

    /**
     * A sentence shorter than the 16-token run waits 20 s for company: ample time, even on a loaded
     * two-core machine, for the server to notice a client that hung up before the run starts. A
     * sentence of 16 tokens or more fills a run and goes at once. One worker thread, so that
     * requests are handled in the order they came (see {@link #aClientThatHangsUpHasItsSentenceDropped}).
     */
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.embedding.batch.queue-capacity", "4", "llmsuite.embedding.batch.max-wait", "20s",
                    "llmsuite.embedding.batch.max-tokens", "16", "quarkus.thread-pool.max-threads", "1");
        }
    }

    private static final Pattern DROPPED = metric("embedding_sentences_dropped_total");
    private static final Pattern OPEN = metric("embedding_requests_open");

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
        double before = metric(DROPPED);
        String body = "{\"model\":\"all-minilm-l6-v2\",\"input\":\"nobody will read this vector\"}";
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/embeddings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Hang up only once the server listens for it. The request's handler queues the sentence
            // (the gauge shows it), then registers for the hang-up, on the one worker thread; a second
            // request, handled on that thread after it, answers only once that is done.
            Eventually.await("the request to reach the batcher", () -> metric(OPEN) == 1);
            post(Map.of("input", "a request without a model")).statusCode(400);
        }
        Eventually.await("the abandoned sentence to be dropped", () -> metric(DROPPED) > before);
        String fillsARun = "still serving: this sentence has more than enough words to fill a whole run of sixteen tokens";
        post(Map.of("model", EmbeddingsApiTest.MODEL, "input", fillsARun)).statusCode(200);
    }

    private static Pattern metric(String name) {
        return Pattern.compile(name + "\\{[^}]*model=\"all-minilm-l6-v2\"[^}]*} ([0-9.]+)");
    }

    private static double metric(Pattern sample) {
        Matcher m = sample.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
