package dev.llmsuite.gateway.proxy;

import dev.llmsuite.gateway.GatewayConfig;
import dev.llmsuite.gateway.upstream.UpstreamUnavailable;
import dev.llmsuite.openai.http.ErrorJson;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeoutException;

/**
 * The gateway's answers when a service fails it, in OpenAI's error format: 504 {@code upstream_timeout}
 * when the service stayed silent past {@code llmsuite.gateway.upstream-timeout}, 502
 * {@code upstream_unavailable} when no upstream could be connected to or a connection broke before
 * the answer began.
 */
@ApplicationScoped
public class UpstreamFailures {

    private final GatewayConfig config;

    UpstreamFailures(GatewayConfig config) {
        this.config = config;
    }

    public static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException;
    }

    public int status(Throwable failure) {
        return isTimeout(failure) ? 504 : 502;
    }

    /** Why the service gave no usable answer, in a few words (for lists of services, as in a partial model list). */
    public String reason(Throwable failure) {
        if (isTimeout(failure)) {
            return "no answer within " + config.upstreamTimeout().toSeconds() + " s";
        }
        return failure instanceof UpstreamUnavailable ? failure.getMessage() : "connection closed before answering";
    }

    public String message(String service, Throwable failure) {
        if (isTimeout(failure)) {
            return "The " + service + " service did not answer within " + config.upstreamTimeout().toSeconds()
                    + " s (llmsuite.gateway.upstream-timeout); retry, or ask for less work per request.";
        }
        if (failure instanceof UpstreamUnavailable unavailable) {
            return "The " + service + " service could not be reached: " + unavailable.getMessage() + ". Retry shortly.";
        }
        return "The " + service + " service closed the connection before answering; retry shortly.";
    }

    public void send(HttpServerResponse response, String service, Throwable failure) {
        ErrorJson.send(response, status(failure), message(service, failure), isTimeout(failure) ? "upstream_timeout" : "upstream_unavailable");
    }
}
