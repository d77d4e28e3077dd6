package dev.llmsuite.gateway.models;

import dev.llmsuite.gateway.GatewayConfig;
import dev.llmsuite.gateway.proxy.UpstreamFailures;
import dev.llmsuite.gateway.upstream.UpstreamClient;
import dev.llmsuite.gateway.upstream.UpstreamPool;
import dev.llmsuite.gateway.upstream.Upstreams;
import dev.llmsuite.openai.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: asks every service with models at once (see {@link ModelCatalog}). */
@ApplicationScoped
public class ModelRoutes {

    private final GatewayConfig config;
    private final Upstreams upstreams;
    private final UpstreamClient client;
    private final UpstreamFailures failures;

    ModelRoutes(GatewayConfig config, Upstreams upstreams, UpstreamClient client, UpstreamFailures failures) {
        this.config = config;
        this.upstreams = upstreams;
        this.client = client;
        this.failures = failures;
    }

    public void list(RoutingContext context) {
        ask(context, "/v1/models").onSuccess(replies -> send(context, ModelCatalog.list(replies)));
    }

    /** @param id the id as it appeared in the path, still percent-encoded (ids may contain '/') */
    public void one(RoutingContext context, String id) {
        ask(context, "/v1/models/" + id).onSuccess(replies -> send(context, ModelCatalog.one(id, replies)));
    }

    private Future<List<ServiceReply>> ask(RoutingContext context, String uri) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copy(context, headers, HttpHeaders.AUTHORIZATION.toString());
        copy(context, headers, RequestIds.HEADER);
        List<Future<ServiceReply>> replies = new ArrayList<>();
        for (String service : config.modelsFrom()) {
            UpstreamPool pool = upstreams.of(service).orElseThrow(() -> new IllegalStateException(
                    "llmsuite.gateway.models-from names " + service + ", which is not among llmsuite.gateway.services"));
            replies.add(client.get(pool, uri, headers)
                    .map(fetched -> ServiceReply.answered(service, fetched.status(), fetched.body()))
                    .otherwise(failure -> ServiceReply.failed(service, failures.reason(failure),
                            UpstreamFailures.isTimeout(failure))));
        }
        return Future.all(replies).map(all -> replies.stream().map(Future::result).toList());
    }

    private static void copy(RoutingContext context, MultiMap headers, String name) {
        String value = context.request().getHeader(name);
        if (value != null) {
            headers.set(name, value);
        }
    }

    private static void send(RoutingContext context, ModelCatalog.Answer answer) {
        if (context.response().closed()) {
            return;
        }
        if (!answer.missing().isEmpty()) {
            context.response().putHeader(ModelCatalog.MISSING_HEADER, String.join(",", answer.missing()));
        }
        context.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(answer.body());
    }
}
