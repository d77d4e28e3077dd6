package dev.llmsuite.gateway;

import dev.llmsuite.gateway.admission.Admission;
import dev.llmsuite.gateway.models.ModelRoutes;
import dev.llmsuite.gateway.openapi.MergedOpenApi;
import dev.llmsuite.gateway.proxy.ReverseProxy;
import dev.llmsuite.gateway.routing.RouteTable;
import dev.llmsuite.gateway.upstream.Upstreams;
import dev.llmsuite.openai.http.ErrorJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One OpenAI-compatible base URL. Every {@code /v1} request passes {@link Admission} (API key, rate
 * limits), then goes to the service that owns its path in the {@link RouteTable}, to the upstream of
 * that service with the fewest outstanding requests ({@link ReverseProxy}); {@code GET /v1/models} and
 * {@code GET /v1/models/{id}} ask every service with models ({@link ModelRoutes}). {@code /q/openapi} is
 * the services' documents merged ({@link MergedOpenApi}), shown by Swagger UI at {@code /q/swagger-ui}.
 * The request's {@code x-request-id} (see openai-http) is passed on, so client, gateway and service name
 * the request the same way.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final String MODELS = "/v1/models";

    private final RouteTable routes;
    private final Upstreams upstreams;
    private final Admission admission;
    private final ReverseProxy proxy;
    private final ModelRoutes models;
    private final MergedOpenApi openApi;
    private final long maxBodyBytes;

    GatewayRoutes(RouteTable routes, Upstreams upstreams, Admission admission, ReverseProxy proxy, ModelRoutes models,
                  MergedOpenApi openApi,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.routes = routes;
        this.upstreams = upstreams;
        this.admission = admission;
        this.proxy = proxy;
        this.models = models;
        this.openApi = openApi;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        // Before Quarkus' own /q router, which answers 404 for paths its extensions do not serve.
        router.get("/q/openapi").order(Integer.MIN_VALUE + 10).handler(openApi::serve);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route("/v1/*").handler(context -> {
            if (admission.readsBody(context)) {
                bodies.handle(context);
            } else {
                context.next();
            }
        });
        router.route("/v1/*").handler(admission::admit);
        router.route("/v1/*").handler(this::route);
    }

    private void route(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.equals(MODELS) || path.startsWith(MODELS + "/")) {
            answerModels(context, path);
            return;
        }
        var owner = routes.ownerOf(path).flatMap(upstreams::of);
        if (owner.isEmpty()) {
            ErrorJson.send(context.response(), 404, "Unknown endpoint " + path + ". The gateway routes: "
                    + String.join(", ", routes.prefixes()) + ", " + MODELS + ".", "unknown_url");
            return;
        }
        proxy.forward(context, owner.get(), bodyRead(context));
    }

    /** The body when it was read for the rate limit (an empty one included), else null: it is still to be streamed. */
    private static Buffer bodyRead(RoutingContext context) {
        if (!context.body().available()) {
            return null;
        }
        Buffer body = context.body().buffer();
        return body == null ? Buffer.buffer() : body;
    }

    private void answerModels(RoutingContext context, String path) {
        if (context.request().method() != HttpMethod.GET) {
            ErrorJson.send(context.response(), 405, "Only GET is allowed on " + MODELS + ".", "method_not_allowed");
        } else if (path.equals(MODELS)) {
            models.list(context);
        } else {
            String id = context.request().path().substring(context.request().path().indexOf(MODELS) + MODELS.length() + 1);
            models.one(context, id);
        }
    }
}
