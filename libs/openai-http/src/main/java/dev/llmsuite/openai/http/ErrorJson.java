package dev.llmsuite.openai.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * OpenAI's error envelope, {@code {"error":{"message","type","param","code"}}}, written straight onto
 * an HTTP response: for what is refused before any REST resource runs (size limits, unknown routes,
 * unreachable upstreams), so that every error status a client sees carries the same body.
 */
public final class ErrorJson {

    private ErrorJson() {
    }

    public static String body(int status, String message, String param, String code) {
        return body(status >= 500 ? "server_error" : "invalid_request_error", message, param, code);
    }

    /** With an explicit {@code type}, where OpenAI uses another one (a 429 is of type {@code requests} or {@code tokens}). */
    public static String body(String type, String message, String param, String code) {
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("type", type)
                .put("param", param)
                .put("code", code);
        return new JsonObject().put("error", error).encode();
    }

    /** Ends the response with the error; does nothing when the response has already begun. */
    public static void send(HttpServerResponse response, int status, String message, String code) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body(status, message, null, code));
    }

    /** As {@link #send(HttpServerResponse, int, String, String)}, with an explicit error {@code type}. */
    public static void send(HttpServerResponse response, int status, String type, String message, String code) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body(type, message, null, code));
    }
}
