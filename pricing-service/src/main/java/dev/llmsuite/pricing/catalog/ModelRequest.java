package dev.llmsuite.pricing.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * A model to add to the catalog with its first price. Without {@code count_method} the encoding is taken to be
 * the model's own ({@code exact}).
 */
public record ModelRequest(
        String id,
        String provider,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("context_window") Integer contextWindow,
        String encoding,
        @JsonProperty("count_factor") BigDecimal countFactor,
        @JsonProperty("count_method") String countMethod,
        @JsonProperty("self_hosted") Boolean selfHosted,
        PriceVersionRequest price) {
}
