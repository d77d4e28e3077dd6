package dev.llmsuite.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing where one upstream of a service stands. It answers with what it received
 * (so a test sees exactly what the gateway forwarded, and which upstream got it), lists one model,
 * serves a service's real OpenAPI document, and on request streams server-sent events, holds a stream
 * open until released ({@code POST /release}), or stays silent.
 */
public final class EchoServer {

    private final String service;
    private final Buffer openApi;
    private final List<HttpServerResponse> held = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String address;

    private EchoServer(String service, Buffer openApi) {
        this.service = service;
        this.openApi = openApi;
    }

    /** @param openApi the document to serve at /q/openapi, or null */
    public static EchoServer start(Vertx vertx, String service, String host, int port, Buffer openApi) {
        EchoServer echo = new EchoServer(service, openApi);
        echo.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> echo.answer(request, body)));
        try {
            // Binding a loopback port takes milliseconds; minutes only so that a loaded machine never fails it.
            int bound = echo.server.listen(port, host).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES).actualPort();
            echo.address = host + ":" + bound;
        } catch (Exception e) {
            throw new IllegalStateException("echo upstream failed to start on " + host + ":" + port, e);
        }
        return echo;
    }

    public int port() {
        return server.actualPort();
    }

    /** host:port, as the echo answers name the upstream that served them. */
    public String address() {
        return address;
    }

    /** The request lines (METHOD uri) this upstream received, in order. */
    public List<String> received() {
        return received;
    }

    /** Ends every stream held open by a {@code .../hold} request. */
    public void releaseHeld() {
        for (HttpServerResponse response : held) {
            response.end("data: [DONE]\n\n");
        }
        held.clear();
    }

    public int heldStreams() {
        return held.size();
    }

    public void stop() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }

    private void answer(HttpServerRequest request, Buffer body) {
        received.add(request.method() + " " + request.uri());
        HttpServerResponse response = request.response();
        String path = request.path();
        if (path.equals("/release")) {
            int released = held.size();
            releaseHeld();
            json(response, 200, new JsonObject().put("released", released));
        } else if (path.equals("/v1/models")) {
            json(response, 200, new JsonObject().put("object", "list")
                    .put("data", new JsonArray().add(new JsonObject().put("id", service + "-model").put("owned_by", service))));
        } else if (path.startsWith("/v1/models/")) {
            String id = path.substring("/v1/models/".length());
            if (id.equals(service + "-model")) {
                json(response, 200, new JsonObject().put("id", id).put("owned_by", service).put("upstream", address));
            } else {
                json(response, 404, new JsonObject().put("error", new JsonObject().put("message", "no model " + id)
                        .put("type", "invalid_request_error").put("code", "model_not_found")));
            }
        } else if (path.equals("/q/openapi") && openApi != null) {
            response.putHeader("Content-Type", "application/json").end(openApi);
        } else if (path.endsWith("/stream")) {
            response.setChunked(true).putHeader("Content-Type", "text/event-stream");
            for (int i = 0; i < 3; i++) {
                response.write("data: {\"n\":" + i + "}\n\n");
            }
            response.end("data: [DONE]\n\n");
        } else if (path.endsWith("/hold")) {
            response.setChunked(true).putHeader("Content-Type", "text/event-stream").write("data: {\"upstream\":\"" + address + "\"}\n\n");
            held.add(response);
        } else if (!path.endsWith("/silent")) {
            json(response, 200, new JsonObject()
                    .put("service", service)
                    .put("upstream", address)
                    .put("method", request.method().name())
                    .put("path", request.uri())
                    .put("host", request.getHeader("Host"))
                    .put("authorization", request.getHeader("Authorization"))
                    .put("request_id", request.getHeader("x-request-id"))
                    .put("forwarded_for", request.getHeader("X-Forwarded-For"))
                    .put("body", body.toString()));
        }
    }

    private static void json(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
