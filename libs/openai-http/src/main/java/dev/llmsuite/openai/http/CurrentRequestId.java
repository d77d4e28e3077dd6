package dev.llmsuite.openai.http;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;

/** The {@code x-request-id} of the request being served, for code that has no handle on the HTTP request. */
@RequestScoped
public class CurrentRequestId {

    private final CurrentVertxRequest request;

    CurrentRequestId(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The id, or null outside an HTTP request. */
    public String get() {
        RoutingContext current = request.getCurrent();
        return current == null ? null : RequestIds.of(current.request());
    }
}
