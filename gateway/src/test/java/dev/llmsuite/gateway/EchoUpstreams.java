package dev.llmsuite.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP servers standing where the services stand, each answering with what it received
 * (so a test sees exactly what the gateway forwarded) and streaming server-sent events on request.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    private static final String[] SERVICES = {"tokenizer", "embedding", "generation", "pricing"};

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : SERVICES) {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                if (request.path().equals("/v1/models")) {
                    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("object", "list")
                            .put("data", new JsonArray().add(new JsonObject().put("id", service + "-model"))).encode());
                } else if (request.path().endsWith("/stream")) {
                    request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    for (int i = 0; i < 3; i++) {
                        request.response().write("data: {\"n\":" + i + "}\n\n");
                    }
                    request.response().end("data: [DONE]\n\n");
                } else {
                    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("service", service)
                            .put("method", request.method().name())
                            .put("path", request.uri())
                            .put("authorization", request.getHeader("Authorization"))
                            .put("request_id", request.getHeader("x-request-id"))
                            .put("body", body.toString()).encode());
                }
            }));
            int port;
            try {
                // Binding a loopback port takes milliseconds; minutes only so that a loaded machine never fails it.
                port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES).actualPort();
            } catch (Exception e) {
                throw new IllegalStateException("echo upstream failed to start", e);
            }
            config.put("llmsuite.gateway.services." + service + ".url", "http://127.0.0.1:" + port);
        }
        // A service that is down: its port was free a moment ago and nothing listens there.
        config.put("llmsuite.gateway.services.down.url", "http://127.0.0.1:" + freePort());
        config.put("llmsuite.gateway.services.down.paths", "/v1/down");
        return config;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
