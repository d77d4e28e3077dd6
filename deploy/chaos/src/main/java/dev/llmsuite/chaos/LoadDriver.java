package dev.llmsuite.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Steady load through the gateway: for every tenant one client of embeddings and one of chat completions,
 * each sending one request after the other under a unique {@code x-request-id}, and recording what it got.
 */
final class LoadDriver implements AutoCloseable {

    static final String EMBEDDING_MODEL = "all-minilm-l6-v2";
    static final String CHAT_MODEL = "stories260K";
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration THINK_TIME = Duration.ofMillis(100);

    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    LoadDriver(String gateway, List<Tenant> tenants) {
        this.gateway = gateway;
        for (Tenant tenant : tenants) {
            clients.add(Thread.ofPlatform().name("load-embeddings-" + tenant.id()).start(() -> loop(tenant, false)));
            clients.add(Thread.ofPlatform().name("load-chat-" + tenant.id()).start(() -> loop(tenant, true)));
        }
    }

    private void loop(Tenant tenant, boolean chat) {
        for (int n = 0; running; n++) {
            String requestId = "chaos-" + tenant.id() + (chat ? "-chat-" : "-emb-") + n;
            outcomes.add(chat ? chat(tenant, requestId, n) : embed(tenant, requestId, n));
            try {
                Thread.sleep(THINK_TIME);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Outcome embed(Tenant tenant, String requestId, int n) {
        String body = "{\"model\":\"" + EMBEDDING_MODEL + "\",\"input\":[\"request " + n + " of " + tenant.id()
                + " about ledgers and brokers\"]}";
        return send(tenant, requestId, "/v1/embeddings", body, EMBEDDING_MODEL);
    }

    private Outcome chat(Tenant tenant, String requestId, int n) {
        String body = "{\"model\":\"" + CHAT_MODEL + "\",\"max_tokens\":8,\"seed\":" + n
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell story " + n + ".\"}]}";
        return send(tenant, requestId, "/v1/chat/completions", body, CHAT_MODEL);
    }

    private Outcome send(Tenant tenant, String requestId, String path, String body, String model) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + tenant.key()).header("Content-Type", "application/json")
                .header("x-request-id", requestId).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Outcome(requestId, tenant.id(), model, response.statusCode(), 0, 0);
            }
            JsonNode usage = json.readTree(response.body()).path("usage");
            return new Outcome(requestId, tenant.id(), model, 200, usage.path("prompt_tokens").asLong(),
                    usage.path("completion_tokens").asLong(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(requestId, tenant.id(), model, 0, 0, 0);
        } catch (Exception e) {
            return new Outcome(requestId, tenant.id(), model, 0, 0, 0);
        }
    }

    long served() {
        return outcomes.stream().filter(Outcome::served).count();
    }

    /** Stops the clients after their request in hand and returns everything they recorded. */
    List<Outcome> stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join();
        }
        return List.copyOf(outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
