package dev.llmsuite.pricing.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricePerMillionTest {

    @Test
    void theLessonsExampleIsExact() {
        // 100,000 requests x 500 tokens = 50M tokens on GPT-4o input at USD 2.50 per 1M
        PricePerMillion gpt4oInput = PricePerMillion.of("2.50");
        assertEquals(0, new BigDecimal("125").compareTo(gpt4oInput.exactUsd(100_000L * 500)));
        assertEquals(125_000_000L, MicroUsd.fromUsd(gpt4oInput.exactUsd(100_000L * 500)));
    }

    @Test
    void shownMoneyRoundsHalfEvenToMicroDollars() {
        PricePerMillion mini = PricePerMillion.of("0.15");
        // 10 tokens x 0.15 = 1.5 micro-USD -> 2 (to even); 30 x 0.15 = 4.5 -> 4 (to even); 7 x 0.15 = 1.05 -> 1
        assertEquals(2, MicroUsd.fromUsd(mini.exactUsd(10)));
        assertEquals(4, MicroUsd.fromUsd(mini.exactUsd(30)));
        assertEquals(1, MicroUsd.fromUsd(mini.exactUsd(7)));
        assertEquals(0, new BigDecimal("0.00000105").compareTo(mini.exactUsd(7)), "the cost itself stays exact");
    }

    @Test
    void refusesWhatCannotBeStoredExactly() {
        assertThrows(IllegalArgumentException.class, () -> PricePerMillion.of("-1"));
        assertThrows(IllegalArgumentException.class, () -> PricePerMillion.of("0.0000001"));
        assertThrows(IllegalArgumentException.class, () -> MicroUsd.parseUsd(new BigDecimal("1.0000001")));
        assertEquals(1_500_000, MicroUsd.parseUsd(new BigDecimal("1.5")));
        assertEquals("125.000000", MicroUsd.toUsd(125_000_000).toPlainString());
    }
}
