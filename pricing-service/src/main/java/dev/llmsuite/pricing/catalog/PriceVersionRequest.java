package dev.llmsuite.pricing.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** A new price for a model, USD per 1M tokens; {@code effective_from} (an ISO-8601 instant) defaults to now. */
public record PriceVersionRequest(
        @JsonProperty("input_per_million_usd") BigDecimal inputPerMillionUsd,
        @JsonProperty("output_per_million_usd") BigDecimal outputPerMillionUsd,
        @JsonProperty("cached_input_per_million_usd") BigDecimal cachedInputPerMillionUsd,
        @JsonProperty("effective_from") String effectiveFrom) {
}
