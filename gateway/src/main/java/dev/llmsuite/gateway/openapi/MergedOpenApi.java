package dev.llmsuite.gateway.openapi;

import dev.llmsuite.gateway.GatewayConfig;
import dev.llmsuite.gateway.models.ModelCatalog;
import dev.llmsuite.gateway.proxy.UpstreamFailures;
import dev.llmsuite.gateway.routing.RouteTable;
import dev.llmsuite.gateway.upstream.UpstreamClient;
import dev.llmsuite.gateway.upstream.Upstreams;
import dev.llmsuite.openai.http.ErrorJson;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gateway's {@code /q/openapi}: every service's own document ({@code /q/openapi?format=json}), fetched
 * when asked for and merged ({@link OpenApiMerge}), in JSON. Services that could not be asked are named
 * in {@value ModelCatalog#MISSING_HEADER} and in the document's description; when none could, 502.
 */
@ApplicationScoped
public class MergedOpenApi {

    static final Set<String> MODEL_PATHS = Set.of("/v1/models", "/v1/models/{id}");

    private final GatewayConfig config;
    private final Upstreams upstreams;
    private final UpstreamClient client;
    private final UpstreamFailures failures;
    private final RouteTable routes;
    private final String version;

    MergedOpenApi(GatewayConfig config, Upstreams upstreams, UpstreamClient client, UpstreamFailures failures, RouteTable routes,
                  @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.config = config;
        this.upstreams = upstreams;
        this.client = client;
        this.failures = failures;
        this.routes = routes;
        this.version = version;
    }

    private record Fetched(String service, JsonObject document, String problem) {
    }

    /** The services with models first, in their configured order: the model paths are documented as the first of them has them. */
    private List<String> servicesInOrder() {
        Set<String> ordered = new LinkedHashSet<>(config.modelsFrom());
        ordered.addAll(new TreeSet<>(upstreams.pools().keySet()));
        ordered.retainAll(upstreams.pools().keySet());
        return List.copyOf(ordered);
    }

    public void serve(RoutingContext context) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json");
        List<Future<Fetched>> documents = new ArrayList<>();
        for (String name : servicesInOrder()) {
            documents.add(client.get(upstreams.of(name).orElseThrow(), "/q/openapi?format=json", headers)
                    .map(answer -> answer.status() == 200 ? new Fetched(name, answer.body().toJsonObject(), null)
                            : new Fetched(name, null, "HTTP " + answer.status()))
                    .otherwise(failure -> new Fetched(name, null, failures.reason(failure))));
        }
        Future.all(documents).onComplete(done -> {
            List<OpenApiMerge.Source> sources = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Future<Fetched> document : documents) {
                Fetched fetched = document.result();
                if (fetched.document() != null) {
                    sources.add(new OpenApiMerge.Source(fetched.service(), fetched.document()));
                } else {
                    missing.add(fetched.service());
                    problems.add(fetched.service() + " (" + fetched.problem() + ")");
                }
            }
            if (sources.isEmpty()) {
                ErrorJson.send(context.response(), 502, "No service could give its OpenAPI document: " + String.join(", ", problems),
                        "upstream_unavailable");
                return;
            }
            String description = "Every endpoint the gateway routes, from the OpenAPI documents of the services behind it."
                    + (missing.isEmpty() ? "" : " Missing, as they could not be asked: " + String.join(", ", problems) + ".");
            JsonObject info = new JsonObject().put("title", "LLM serving suite").put("version", version).put("description", description);
            JsonObject merged = OpenApiMerge.merge(sources, routes, MODEL_PATHS, info);
            if (!missing.isEmpty()) {
                context.response().putHeader(ModelCatalog.MISSING_HEADER, String.join(",", missing));
            }
            context.response().putHeader("Content-Type", "application/json").end(merged.encodePrettily());
        });
    }
}
