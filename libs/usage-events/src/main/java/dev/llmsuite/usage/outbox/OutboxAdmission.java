package dev.llmsuite.usage.outbox;

import dev.llmsuite.openai.http.ErrorJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses new billable requests (POST under {@code /v1/}) with 503 and {@code Retry-After} while the outbox is
 * over its disk budget: a request that could not be billed is not served. Requests already running finish
 * and are recorded; reads (GET) are unaffected.
 */
@ApplicationScoped
public class OutboxAdmission {

    private final UsageOutbox outbox;

    OutboxAdmission(UsageOutbox outbox) {
        this.outbox = outbox;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST || !context.request().path().startsWith("/v1/") || !outbox.overBudget()) {
            context.next();
            return;
        }
        outbox.countRejected();
        long seconds = Math.max(1, (outbox.settings().retryAfter().toMillis() + 999) / 1000);
        context.response().putHeader("Retry-After", String.valueOf(seconds));
        ErrorJson.send(context.response(), 503, "Usage accounting is behind: this server holds " + outbox.pendingBytes()
                + " bytes of usage events that Kafka has not taken yet, its limit. Retry after " + seconds + " s.",
                "usage_outbox_full");
    }
}
