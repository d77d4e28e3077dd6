package dev.llmsuite.pricing.catalog;

import java.math.BigDecimal;

/**
 * A model that can be priced.
 *
 * @param id            the name usage events carry, lower case (matching is case-insensitive)
 * @param encoding      the tokenizer-service encoding used to count this model's tokens
 * @param countFactor   multiplier applied to that count; 1 when the encoding is the model's own
 * @param countMethod   {@code exact}, or how the count is approximated when the model's tokenizer is not public
 * @param selfHosted    whether the suite (or the team) runs it on its own hardware
 */
public record Model(String id, String provider, String displayName, int contextWindow,
                    String encoding, BigDecimal countFactor, String countMethod, boolean selfHosted) {

    public static final String EXACT = "exact";

    public boolean exactCount() {
        return EXACT.equals(countMethod);
    }
}
