package dev.llmsuite.pricing.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.ledger.PricedEvent;
import dev.llmsuite.pricing.money.PricePerMillion;
import dev.llmsuite.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PriceBookTest {

    private static final Instant JANUARY = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");

    private final PriceBook book = new PriceBook(List.of(
            new PriceVersion(2, "gpt-4o", MARCH, PricePerMillion.of("2.00"), PricePerMillion.of("8.00"), null),
            new PriceVersion(1, "gpt-4o", JANUARY, PricePerMillion.of("2.50"), PricePerMillion.of("10.00"), null)));

    @Test
    void anEventIsPricedAtThePriceInForceWhenItHappened() {
        PricedEvent february = PricedEvent.price(event("GPT-4o", Instant.parse("2025-02-10T12:00:00Z")), book);
        PricedEvent april = PricedEvent.price(event("gpt-4o", Instant.parse("2025-04-01T00:00:00Z")), book);
        assertEquals(1L, february.priceVersionId());
        assertEquals(0, new BigDecimal("0.0035").compareTo(february.costUsd()), "1000 x 2.50 + 100 x 10.00 micro-USD");
        assertEquals(2L, april.priceVersionId());
        assertEquals(0, new BigDecimal("0.0028").compareTo(april.costUsd()), "1000 x 2.00 + 100 x 8.00 micro-USD");
    }

    @Test
    void beforeTheFirstPriceOrForAnUnknownModelTheEventIsUnpriced() {
        PricedEvent early = PricedEvent.price(event("gpt-4o", Instant.parse("2024-12-31T23:59:59Z")), book);
        PricedEvent unknown = PricedEvent.price(event("mystery", MARCH), book);
        assertEquals(null, early.costUsd());
        assertTrue(early.unpricedReason().startsWith("no price in force"));
        assertTrue(unknown.unpricedReason().startsWith("unknown model"));
    }

    @Test
    void laterPriceVersionsCannotRewriteHistory() {
        Instant now = Instant.parse("2025-06-01T00:00:00Z");
        PriceVersionRequest backdated = new PriceVersionRequest(PricePerMillion.of("1").usd(), PricePerMillion.of("2").usd(), null, MARCH.toString());
        OpenAiException refused = assertThrows(OpenAiException.class,
                () -> PriceChanges.validate("gpt-4o", backdated, book.history("gpt-4o"), now));
        assertEquals(400, refused.status());
        assertEquals("effective_from", refused.param());

        PriceVersionRequest fromNow = new PriceVersionRequest(PricePerMillion.of("1").usd(), PricePerMillion.of("2").usd(), null, null);
        assertEquals(now, PriceChanges.validate("gpt-4o", fromNow, book.history("gpt-4o"), now).effectiveFrom());
        assertEquals(Instant.EPOCH, PriceChanges.validate("new-model", fromNow, List.of(), now).effectiveFrom());
    }

    /** The clock has nanoseconds and the ledger microseconds: a default of "now" must still not count as the past. */
    @Test
    void aVersionWithoutEffectiveFromStartsNowWhateverTheClocksPrecision() {
        Instant now = Instant.parse("2025-06-01T00:00:00.123456789Z");
        PriceVersionRequest fromNow = new PriceVersionRequest(PricePerMillion.of("1").usd(), PricePerMillion.of("2").usd(), null, null);
        assertEquals(Instant.parse("2025-06-01T00:00:00.123456Z"),
                PriceChanges.validate("gpt-4o", fromNow, book.history("gpt-4o"), now).effectiveFrom());
    }

    private static UsageEvent event(String model, Instant at) {
        return new UsageEvent(UUID.randomUUID(), at, "t", "generation-service", model, "chat.completions", 1000, 100, 1, null, "stop", "r");
    }
}
