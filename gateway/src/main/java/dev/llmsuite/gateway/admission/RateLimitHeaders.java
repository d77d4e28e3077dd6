package dev.llmsuite.gateway.admission;

import io.vertx.core.http.HttpServerResponse;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * OpenAI's rate-limit headers: {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 * {@code x-ratelimit-reset-requests} and the same for {@code -tokens}, each for a limit that is set; reset
 * times as OpenAI writes them ({@code 250ms}, {@code 1.5s}, {@code 6m0s}); and {@code Retry-After} in whole
 * seconds on a refusal that waiting can cure.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void put(HttpServerResponse response, RateLimiter.Decision decision) {
        for (RateLimiter.Quota quota : decision.quotas()) {
            response.putHeader("x-ratelimit-limit-" + quota.kind(), Long.toString(quota.limit()));
            response.putHeader("x-ratelimit-remaining-" + quota.kind(), Long.toString(quota.remaining()));
            response.putHeader("x-ratelimit-reset-" + quota.kind(), duration(quota.resetNanos()));
        }
        if (!decision.admitted() && decision.retryAfterNanos() >= 0) {
            response.putHeader("Retry-After", Long.toString(retryAfterSeconds(decision.retryAfterNanos())));
        }
    }

    static long retryAfterSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    static String duration(long nanos) {
        long millis = (nanos + 999_999) / 1_000_000;
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        String seconds = BigDecimal.valueOf(millis % 60_000, 3).setScale(3, RoundingMode.UNNECESSARY)
                .stripTrailingZeros().toPlainString();
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
