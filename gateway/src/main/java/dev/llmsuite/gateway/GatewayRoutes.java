package dev.llmsuite.gateway;

import dev.llmsuite.openai.http.ErrorJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OpenAI-compatible base URL: each {@code /v1} request is streamed to the service that owns its
 * path (server-sent events pass through unbuffered), and {@code GET /v1/models} merges the model
 * lists of the services that have models. Authentication stays with the services: the bearer key
 * is passed through untouched, and so is the request's {@code x-request-id} (see openai-http), so
 * the client, the gateway and the service all name the request the same way.
 */
@ApplicationScoped
public class GatewayRoutes {

    private final GatewayConfig config;
    private final HttpClient client;

    GatewayRoutes(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(256).setKeepAlive(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
    }

    void install(@Observes Router router) {
        router.get("/v1/models").handler(this::mergedModels);
        config.services().forEach((name, upstream) -> {
            URI origin = URI.create(upstream.url());
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(origin.getPort(), origin.getHost())
                    .addInterceptor(new UpstreamAnswers(name));
            for (String prefix : upstream.paths()) {
                router.route(prefix).handler(context -> proxy.handle(context.request()));
                router.route(prefix + "/*").handler(context -> proxy.handle(context.request()));
            }
        });
        router.route("/v1/*").handler(context -> ErrorJson.send(context.response(), 404,
                "Unknown endpoint " + context.request().path() + ". The gateway routes: " + routedPrefixes(), "unknown_url"));
    }

    private void mergedModels(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        List<Future<Buffer>> lists = new ArrayList<>();
        for (String service : config.modelsFrom()) {
            GatewayConfig.Upstream upstream = config.services().get(service);
            if (upstream != null) {
                lists.add(fetchModels(URI.create(upstream.url()), authorization));
            }
        }
        Future.join(lists).onComplete(done -> {
            JsonArray data = new JsonArray();
            for (Future<Buffer> list : lists) {
                if (list.succeeded()) {
                    JsonObject body = list.result().toJsonObject();
                    if (body.containsKey("error")) {
                        context.response().setStatusCode(401).putHeader("Content-Type", "application/json").end(body.encode());
                        return;
                    }
                    data.addAll(body.getJsonArray("data", new JsonArray()));
                }
            }
            context.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("object", "list").put("data", data).encode());
        });
    }

    private Future<Buffer> fetchModels(URI upstream, String authorization) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(upstream.getHost()).setPort(upstream.getPort()).setURI("/v1/models");
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return client.request(request).compose(r -> r.send()).compose(response -> response.body());
    }

    private String routedPrefixes() {
        List<String> prefixes = new ArrayList<>();
        for (Map.Entry<String, GatewayConfig.Upstream> entry : config.services().entrySet()) {
            prefixes.addAll(entry.getValue().paths());
        }
        return String.join(", ", prefixes);
    }
}
