package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.generation.support.UsageTopic;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.usage.UsageEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that hangs up mid-stream: the generation must stop there (billed as "cancelled" for
 * the tokens made so far, far fewer than requested) and give its slot back.
 */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class DisconnectTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void hangingUpStopsTheGeneration() throws Exception {
        String marker = UUID.randomUUID().toString();
        // End-of-sequence (id 2) is banned so the story would run to the requested length; the
        // unique prompt lets the test find this request's usage event.
        String body = "{\"model\":\"" + Stories260kModel.NAME + "\",\"prompt\":\"Once upon a time " + marker.substring(0, 4)
                + "\",\"max_tokens\":1800,\"stream\":true,\"temperature\":0.9,\"seed\":" + Math.abs(marker.hashCode())
                + ",\"logit_bias\":{\"2\":-100}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().contains("200"));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    break;
                }
            }
        }
        Optional<UsageEvent> event = UsageTopic.await(e -> e.operation().equals("completion") && e.finishReason().equals("cancelled"));
        assertTrue(event.isPresent(), "the hung-up request was billed as cancelled");
        assertTrue(event.get().completionTokens() < 1800, "generation stopped early: " + event.get().completionTokens());
        assertEquals("test-tenant", event.get().tenant());
    }
}
