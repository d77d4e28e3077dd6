package dev.llmsuite.openai.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Gives every request an {@code x-request-id} before anything else handles it (see {@link RequestIdRule}):
 * the id goes on the request, so a proxy forwards it and a service reuses it, on every response,
 * errors included, and into the logging context as {@code request_id}, so that every log line
 * written while serving the request names it.
 *
 * <p>When the response ends, one line in category {@value #LOG_CATEGORY} (INFO) records the method,
 * path, status and time taken under that id: an id a client reports always leads to its request in
 * the logs of the gateway and of the service that answered, even when nothing else was logged.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "request_id";
    public static final String LOG_CATEGORY = "dev.llmsuite.requests";
    /** Paths are client input: a long one is cut in the log line. */
    static final int LOGGED_PATH_LENGTH = 200;

    private static final Logger LOG = Logger.getLogger(LOG_CATEGORY);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(RequestIds::assign);
    }

    private static void assign(RoutingContext context) {
        String id = RequestIdRule.acceptOrGenerate(context.request().getHeader(HEADER));
        context.request().headers().set(HEADER, id);
        context.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        long started = System.nanoTime();
        context.addEndHandler(ended -> logServed(context, id, started));
        context.next();
    }

    private static void logServed(RoutingContext context, String id, long started) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        // The end handler may run outside the request's own logging context.
        MDC.put(MDC_KEY, id);
        String path = context.request().path();
        if (path != null && path.length() > LOGGED_PATH_LENGTH) {
            path = path.substring(0, LOGGED_PATH_LENGTH) + "...";
        }
        LOG.infof("%s %s %d %d ms", context.request().method(), path, context.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The id the request is served under, as its response carries it. */
    public static String of(HttpServerRequest request) {
        return request.response().headers().get(HEADER);
    }
}
