package dev.llmsuite.openai.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The HTTP-level limits, answered in OpenAI's error format instead of the HTTP server's empty
 * responses: a request target over {@code llmsuite.http.max-uri-length} gets 414, headers over
 * {@code llmsuite.http.max-header-bytes} get 431, a body declared over
 * {@code quarkus.http.limits.max-body-size} gets 413, and any other failure that reaches the router
 * unanswered gets its status with an error body (a 500 also goes to the log).
 *
 * <p>An oversized declared body is answered at once and then read and discarded, not cut off: a
 * client still uploading would otherwise see its connection reset instead of the 413. Past
 * {@value #DRAIN_LIMIT_BYTES} bytes the connection is closed instead.
 *
 * <p>The HTTP codec's own limits ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}, set high in this library's configuration defaults) stay as the last
 * guard; beyond those the HTTP server answers by itself, without a body.
 */
@ApplicationScoped
public class HttpLimits {

    private static final Logger LOG = Logger.getLogger(HttpLimits.class);
    static final long DRAIN_LIMIT_BYTES = 256L * 1024 * 1024;

    private final long maxBodyBytes;
    private final int maxUriLength;
    private final int maxHeaderBytes;

    HttpLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
               @ConfigProperty(name = "llmsuite.http.max-uri-length", defaultValue = "16384") int maxUriLength,
               @ConfigProperty(name = "llmsuite.http.max-header-bytes", defaultValue = "65536") int maxHeaderBytes) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        router.route().failureHandler(this::explainFailure);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > maxUriLength) {
            ErrorJson.send(context.response(), 414, "The request URI is " + request.uri().length()
                    + " characters long; this server accepts at most " + maxUriLength + ". Send parameters in the body.",
                    "uri_too_long");
            return;
        }
        if (headerBytes(request.headers()) > maxHeaderBytes) {
            ErrorJson.send(context.response(), 431, "The request headers exceed this server's limit of "
                    + maxHeaderBytes + " bytes.", "headers_too_large");
            return;
        }
        long declared = declaredLength(request);
        if (declared > maxBodyBytes) {
            rejectBody(context, declared);
            return;
        }
        context.next();
    }

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    private static long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void rejectBody(RoutingContext context, long declared) {
        if (declared > DRAIN_LIMIT_BYTES) {
            context.response().putHeader("Connection", "close");
        } else {
            // Read what the client still sends and drop it, so it gets to read the answer.
            context.request().handler(ignored -> { }).resume();
        }
        ErrorJson.send(context.response(), 413, tooLarge(), "request_too_large");
    }

    private String tooLarge() {
        return "The request body exceeds this server's limit of " + maxBodyBytes
                + " bytes; send less text per request or split the batch.";
    }

    private void explainFailure(RoutingContext context) {
        if (context.response().headWritten() || context.response().ended()) {
            context.next();
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        switch (status) {
            case 413 -> {
                context.response().putHeader("Connection", "close");
                ErrorJson.send(context.response(), 413, tooLarge(), "request_too_large");
            }
            case 404 -> ErrorJson.send(context.response(), 404, "Unknown endpoint " + context.request().path() + ".", "unknown_url");
            case 405 -> ErrorJson.send(context.response(), 405, "Method not allowed for this endpoint.", "method_not_allowed");
            default -> {
                if (status >= 500) {
                    LOG.error("Request failed", context.failure());
                    ErrorJson.send(context.response(), status, "The server failed to process the request; it has been logged.",
                            "internal_error");
                } else {
                    ErrorJson.send(context.response(), status, "The request could not be processed (HTTP " + status + ").", null);
                }
            }
        }
    }
}
