package dev.llmsuite.openai.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request an {@code x-request-id} before anything else handles it (see {@link RequestIdRule}):
 * the id goes on the request, so a proxy forwards it and a service reuses it, on every response,
 * errors included, and into the logging context as {@code request_id}, so that every log line
 * written while serving the request names it.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "request_id";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(RequestIds::assign);
    }

    private static void assign(RoutingContext context) {
        String id = RequestIdRule.acceptOrGenerate(context.request().getHeader(HEADER));
        context.request().headers().set(HEADER, id);
        context.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        context.next();
    }

    /** The id the request is served under, as its response carries it. */
    public static String of(HttpServerRequest request) {
        return request.response().headers().get(HEADER);
    }
}
