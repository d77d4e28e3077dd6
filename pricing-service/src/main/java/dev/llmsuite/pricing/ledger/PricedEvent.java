package dev.llmsuite.pricing.ledger;

import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.pricing.catalog.PriceVersion;
import dev.llmsuite.usage.UsageEvent;
import java.util.Optional;

/**
 * A usage event with its cost at the price in force when it happened, or the reason it has none yet.
 * Input and output are rounded separately so each stored part is itself a whole micro-dollar amount and
 * {@code costMicros == inputMicros + outputMicros} holds for every row.
 */
public record PricedEvent(UsageEvent event, Long priceVersionId, Long inputMicros, Long outputMicros,
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
        return new PricedEvent(event, v.id(), v.input().micros(event.promptTokens()),
                v.output().micros(event.completionTokens()), null);
    }

    public boolean priced() {
        return priceVersionId != null;
    }

    public Long costMicros() {
        return priced() ? inputMicros + outputMicros : null;
    }
}
