package dev.llmsuite.pricing.catalog;

import dev.llmsuite.pricing.money.PricePerMillion;
import java.time.Instant;

/**
 * One price of a model, in force from {@code effectiveFrom} until the next version's start.
 * Versions are only ever added, so a past event is always billed at the price it was served under.
 *
 * @param cachedInput price of cached prompt tokens where the provider has one, else {@code null}
 */
public record PriceVersion(long id, String modelId, Instant effectiveFrom,
                           PricePerMillion input, PricePerMillion output, PricePerMillion cachedInput) {
}
