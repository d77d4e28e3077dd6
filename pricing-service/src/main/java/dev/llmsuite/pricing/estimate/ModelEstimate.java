package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/** The cost of a workload on one model at its current price, per request and per month, in exact USD. */
public record ModelEstimate(
        @JsonProperty("model") String model,
        @JsonProperty("provider") String provider,
        @JsonProperty("input_tokens") TokenCount inputTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("input_per_million_usd") BigDecimal inputPerMillionUsd,
        @JsonProperty("output_per_million_usd") BigDecimal outputPerMillionUsd,
        @JsonProperty("price_effective_from") Instant priceEffectiveFrom,
        @JsonProperty("cost_per_request_usd") BigDecimal costPerRequestUsd,
        @JsonProperty("input_cost_per_month_usd") BigDecimal inputCostPerMonthUsd,
        @JsonProperty("output_cost_per_month_usd") BigDecimal outputCostPerMonthUsd,
        @JsonProperty("cost_per_month_usd") BigDecimal costPerMonthUsd,
        @JsonProperty("context_window") int contextWindow,
        @JsonProperty("fits_context") boolean fitsContext) {
}
