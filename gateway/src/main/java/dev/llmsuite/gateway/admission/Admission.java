package dev.llmsuite.gateway.admission;

import dev.llmsuite.gateway.GatewayConfig;
import dev.llmsuite.gateway.routing.RouteTable;
import dev.llmsuite.openai.http.ErrorJson;
import dev.llmsuite.tenancy.KeyTable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Who may pass the gateway, and how often: every {@code /v1} request needs the bearer key of a tenant in
 * the same key table the services use ({@code llmsuite.auth.*}, libs/tenancy), and then room in that
 * tenant's per-minute limits ({@code llmsuite.gateway.rate-limit.*}). Requests to the services that run
 * models (rate-limit.metered-services) count their estimated tokens ({@link TokenEstimate}); their
 * bodies are read first for that, all other bodies stream through.
 */
@ApplicationScoped
public class Admission {

    private static final String BEARER = "Bearer ";

    private final KeyTable keys;
    private final RouteTable routes;
    private final GatewayConfig.RateLimit settings;
    private final RateLimiter limiter;

    Admission(KeyTable keys, RouteTable routes, GatewayConfig config) {
        this.keys = keys;
        this.routes = routes;
        this.settings = config.rateLimit();
        this.limiter = new RateLimiter(settings.requestsPerMinute(), settings.tokensPerMinute(), System::nanoTime);
    }

    /** Whether this request's body is read before it is forwarded, to estimate its tokens. */
    public boolean readsBody(RoutingContext context) {
        return limiter.limitsTokens() && context.request().method() == HttpMethod.POST
                && routes.ownerOf(context.normalizedPath()).filter(settings.meteredServices()::contains).isPresent();
    }

    public void admit(RoutingContext context) {
        Optional<String> tenant = tenantOf(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (tenant.isEmpty()) {
            ErrorJson.send(context.response(), 401, context.request().getHeader(HttpHeaders.AUTHORIZATION) == null
                    ? "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'."
                    : "Incorrect API key provided. Keys are configured with llmsuite.auth.keys or llmsuite.auth.keys-file.",
                    "invalid_api_key");
            return;
        }
        if (!limiter.limitsAnything()) {
            context.next();
            return;
        }
        Buffer body = readsBody(context) && context.body().available() ? context.body().buffer() : null;
        long tokens = body == null ? 0 : TokenEstimate.of(context.normalizedPath(), body, settings.unboundedCompletionTokens());
        RateLimiter.Decision decision = limiter.admit(tenant.get(), tokens);
        RateLimitHeaders.put(context.response(), decision);
        if (decision.admitted()) {
            context.next();
        } else {
            refuse(context, tenant.get(), decision);
        }
    }

    private Optional<String> tenantOf(String authorization) {
        if (!keys.enabled()) {
            return Optional.of("anonymous");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return keys.tenantOf(authorization.substring(BEARER.length()).strip());
    }

    private static void refuse(RoutingContext context, String tenant, RateLimiter.Decision decision) {
        String limit = decision.refusedBy().equals("requests") ? "requests per minute (RPM)" : "tokens per minute (TPM)";
        long allowed = decision.quotas().stream().filter(q -> q.kind().equals(decision.refusedBy())).findFirst()
                .map(RateLimiter.Quota::limit).orElse(0L);
        String message = decision.retryAfterNanos() < 0
                ? "Request too large for tenant " + tenant + "'s " + limit + " limit: limit " + allowed + ", requested "
                        + decision.needed() + " (estimated). Lower max_tokens or send less text per request."
                : "Rate limit reached for tenant " + tenant + " on " + limit + ": limit " + allowed + ", requested "
                        + decision.needed() + ". Please try again in "
                        + RateLimitHeaders.retryAfterSeconds(decision.retryAfterNanos()) + "s.";
        ErrorJson.send(context.response(), 429, decision.refusedBy(), message, "rate_limit_exceeded");
    }
}
