package dev.llmsuite.pricing.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.encodings.Encodings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for the two services the pricing-service calls, speaking their real wire formats:
 * the tokenizer-service's {@code POST /v1/tokens/count} (counted by the suite's own tokenizer library) and
 * the generation-service's {@code /q/metrics} (written by a real Micrometer Prometheus registry).
 * It can be taken down and brought back on the same port to test outages.
 */
public class TokenizerServiceFixture implements QuarkusTestResourceLifecycleManager {

    /** Decode speeds recorded into the fake generation-service's summary, tokens per second. */
    static final double[] GENERATION_SPEEDS = {900.0, 1100.0, 1300.0};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static int port;
    private static String metrics;

    @Override
    public Map<String, String> start() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DistributionSummary speeds = DistributionSummary.builder("llmsuite.generation.tokens_per_second").register(registry);
        for (double speed : GENERATION_SPEEDS) {
            speeds.record(speed);
        }
        metrics = registry.scrape();
        up();
        String base = "http://127.0.0.1:" + port;
        return Map.of("llmsuite.tokenizer.url", base, "llmsuite.pricing.self-hosted.metrics-url", base + "/q/metrics");
    }

    @Override
    public void stop() {
        down();
    }

    static synchronized void up() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        server.createContext("/v1/tokens/count", TokenizerServiceFixture::count);
        server.createContext("/q/metrics", exchange -> respond(exchange, 200, "text/plain", metrics));
        server.start();
    }

    static synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private static void count(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, "application/json", error("Missing bearer key.", "invalid_api_key"));
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String encoding = request.path("encoding").asText();
        if (!Encodings.names().contains(encoding)) {
            respond(exchange, 400, "application/json", error("Unknown encoding '" + encoding + "'.", null));
            return;
        }
        Tokenizer tokenizer = Encodings.get(encoding);
        ObjectNode reply = JSON.createObjectNode().put("object", "list");
        ObjectNode data = reply.putArray("data").addObject().put("encoding", encoding);
        ArrayNode counts = data.putArray("counts");
        long total = 0;
        for (JsonNode text : request.path("texts")) {
            int n = tokenizer.count(text.asText());
            counts.add(n);
            total += n;
        }
        data.put("total", total);
        respond(exchange, 200, "application/json", JSON.writeValueAsString(reply));
    }

    private static String error(String message, String code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param").put("code", code);
        return body.toString();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
