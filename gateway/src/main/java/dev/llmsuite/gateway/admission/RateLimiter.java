package dev.llmsuite.gateway.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per minute and tokens per minute for each tenant (0 = no such limit). A request is let in
 * only when both limits hold room for it, and then takes from both; a refused one takes nothing.
 */
public final class RateLimiter {

    /** One limit's state after a decision, for OpenAI's {@code x-ratelimit-*-requests} / {@code -tokens} headers. */
    public record Quota(String kind, long limit, long remaining, long resetNanos) {
    }

    /**
     * @param retryAfterNanos when refused: how long until the request would fit; -1 when it never can
     *                        (it needs more tokens than the whole per-minute limit)
     * @param refusedBy       "requests" or "tokens" when refused, else null
     */
    public record Decision(boolean admitted, String refusedBy, long needed, long retryAfterNanos, List<Quota> quotas) {
    }

    private final long requestsPerMinute;
    private final long tokensPerMinute;
    private final LongSupplier clock;
    private final Map<String, TenantBuckets> tenants = new ConcurrentHashMap<>();

    private record TenantBuckets(TokenBucket requests, TokenBucket tokens) {
    }

    public RateLimiter(long requestsPerMinute, long tokensPerMinute, LongSupplier nanoClock) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("Rate limits must be 0 (unlimited) or positive");
        }
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.clock = nanoClock;
    }

    public boolean limitsTokens() {
        return tokensPerMinute > 0;
    }

    public boolean limitsAnything() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
    }

    /** One request of {@code tokens} estimated tokens by this tenant. */
    public Decision admit(String tenant, long tokens) {
        long now = clock.getAsLong();
        TenantBuckets buckets = tenants.computeIfAbsent(tenant, name -> new TenantBuckets(
                requestsPerMinute > 0 ? new TokenBucket(requestsPerMinute, now) : null,
                tokensPerMinute > 0 ? new TokenBucket(tokensPerMinute, now) : null));
        synchronized (buckets) {
            TokenBucket requests = buckets.requests();
            TokenBucket tokenBucket = buckets.tokens();
            if (requests != null) {
                requests.refill(now);
            }
            if (tokenBucket != null) {
                tokenBucket.refill(now);
            }
            String refusedBy = null;
            long needed = 0;
            long retryAfter = 0;
            if (requests != null && !requests.holds(1)) {
                refusedBy = "requests";
                needed = 1;
                retryAfter = requests.nanosUntil(1);
            } else if (tokenBucket != null && !tokenBucket.holds(tokens)) {
                refusedBy = "tokens";
                needed = tokens;
                retryAfter = tokens > tokenBucket.limit() ? -1 : tokenBucket.nanosUntil(tokens);
            }
            if (refusedBy == null) {
                if (requests != null) {
                    requests.take(1);
                }
                if (tokenBucket != null) {
                    tokenBucket.take(tokens);
                }
            }
            List<Quota> quotas = new ArrayList<>(2);
            if (requests != null) {
                quotas.add(new Quota("requests", requests.limit(), requests.remaining(), requests.nanosUntilFull()));
            }
            if (tokenBucket != null) {
                quotas.add(new Quota("tokens", tokenBucket.limit(), tokenBucket.remaining(), tokenBucket.nanosUntilFull()));
            }
            return new Decision(refusedBy == null, refusedBy, needed, retryAfter, List.copyOf(quotas));
        }
    }
}
