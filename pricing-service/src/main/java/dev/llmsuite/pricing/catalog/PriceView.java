package dev.llmsuite.pricing.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/** A price version as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PriceView(
        @JsonProperty("id") long id,
        @JsonProperty("effective_from") Instant effectiveFrom,
        @JsonProperty("input_per_million_usd") BigDecimal inputPerMillionUsd,
        @JsonProperty("output_per_million_usd") BigDecimal outputPerMillionUsd,
        @JsonProperty("cached_input_per_million_usd") BigDecimal cachedInputPerMillionUsd) {

    static PriceView of(PriceVersion v) {
        return new PriceView(v.id(), v.effectiveFrom(), v.input().usd(), v.output().usd(),
                v.cachedInput() == null ? null : v.cachedInput().usd());
    }
}
