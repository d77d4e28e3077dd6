package dev.llmsuite.openai;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized request body with 413 in OpenAI's error format. Without this, the HTTP layer
 * rejects it before any JAX-RS mapper runs, with an empty body a client cannot explain.
 */
@ApplicationScoped
public class BodySizeGuard {

    private final long maxBodyBytes;

    BodySizeGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        router.route().failureHandler(this::explainRejectedBody);
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader("Content-Length");
        if (declared != null && isLongerThanLimit(declared)) {
            reject(context);
            return;
        }
        context.next();
    }

    private boolean isLongerThanLimit(String declared) {
        try {
            return Long.parseLong(declared.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void explainRejectedBody(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            reject(context);
            return;
        }
        context.next();
    }

    private void reject(RoutingContext context) {
        ErrorBody body = OpenAiException.payloadTooLarge("The request body exceeds this service's limit of "
                + maxBodyBytes + " bytes; send less text per request or split the batch.").body();
        context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Json.encode(body));
    }
}
