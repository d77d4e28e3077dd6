package dev.llmsuite.pricing.ledger;

import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.pricing.catalog.PriceVersion;
import dev.llmsuite.usage.UsageEvent;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A usage event with its exact cost (USD, unrounded) at the price in force when it happened, or the reason it
 * has none yet. Nothing is rounded here: a 14-token embedding at 0.005556 USD/1M costs 0.000000077784 USD, and
 * the ledger keeps exactly that, so that a report over many such events adds up to tokens x price.
 */
public record PricedEvent(UsageEvent event, Long priceVersionId, BigDecimal inputUsd, BigDecimal outputUsd,
                          String unpricedReason) {

    public static PricedEvent price(UsageEvent event, PriceBook book) {
        if (!book.knows(event.model())) {
            return new PricedEvent(event, null, null, null, "unknown model: " + event.model());
        }
        Optional<PriceVersion> version = book.inForce(event.model(), event.occurredAt());
        if (version.isEmpty()) {
            return new PricedEvent(event, null, null, null, "no price in force at " + event.occurredAt());
        }
        PriceVersion v = version.get();
        return new PricedEvent(event, v.id(), v.input().exactUsd(event.promptTokens()),
                v.output().exactUsd(event.completionTokens()), null);
    }

    public boolean priced() {
        return priceVersionId != null;
    }

    public BigDecimal costUsd() {
        return priced() ? inputUsd.add(outputUsd) : null;
    }
}
