package dev.llmsuite.pricing.selfhosted;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Tokens per second the box delivers, and where the number came from.
 *
 * <p>Measured: the generation-service records each finished generation's decode speed in a summary;
 * {@code <metric>_sum / <metric>_count} is the mean over every generation it served. Without a reachable
 * endpoint or any generation yet, the configured throughput is used and the reason is given.
 */
public record Throughput(
        @JsonProperty("tokens_per_second") BigDecimal tokensPerSecond,
        @JsonProperty("source") String source) {

    public static Throughput measure(Optional<String> metricsUrl, String metric, Duration timeout, BigDecimal fallback) {
        if (metricsUrl.isEmpty() || metricsUrl.get().isBlank()) {
            return configured(fallback, "no metrics URL configured");
        }
        String exposition;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(metricsUrl.get())).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return configured(fallback, metricsUrl.get() + " answered HTTP " + response.statusCode());
            }
            exposition = response.body();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return configured(fallback, metricsUrl.get() + " unreachable: " + e.getClass().getSimpleName());
        }
        return fromExposition(exposition, metric, metricsUrl.get()).orElseGet(
                () -> configured(fallback, metricsUrl.get() + " has no " + metric + " samples yet"));
    }

    static Optional<Throughput> fromExposition(String exposition, String metric, String url) {
        Optional<BigDecimal> sum = PrometheusText.sum(exposition, metric + "_sum");
        Optional<BigDecimal> count = PrometheusText.sum(exposition, metric + "_count");
        if (sum.isEmpty() || count.isEmpty() || count.get().signum() <= 0 || sum.get().signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal mean = sum.get().divide(count.get(), MathContext.DECIMAL64).setScale(3, RoundingMode.HALF_EVEN);
        return Optional.of(new Throughput(mean, "measured: mean of " + count.get().toBigInteger() + " generations at " + url));
    }

    private static Throughput configured(BigDecimal fallback, String reason) {
        return new Throughput(fallback, "configured (llmsuite.pricing.self-hosted.fallback-tokens-per-second): " + reason);
    }
}
