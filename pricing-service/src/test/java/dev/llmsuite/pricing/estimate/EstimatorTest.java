package dev.llmsuite.pricing.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.catalog.Model;
import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.pricing.catalog.PriceVersion;
import dev.llmsuite.pricing.money.PricePerMillion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatorTest {

    private static final Instant SEED = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<Model> CATALOG = List.of(
            new Model("gpt-4o", "openai", "GPT-4o", 128_000, "o200k_base", BigDecimal.ONE, Model.EXACT, false),
            new Model("gpt-4o-mini", "openai", "GPT-4o-mini", 128_000, "o200k_base", BigDecimal.ONE, Model.EXACT, false),
            new Model("claude-3-5-sonnet", "anthropic", "Claude 3.5 Sonnet", 200_000, "cl100k_base", new BigDecimal("1.1"),
                    "approximate: cl100k_base count x count_factor", false));
    private static final PriceBook PRICES = new PriceBook(List.of(
            new PriceVersion(1, "gpt-4o", SEED, PricePerMillion.of("2.50"), PricePerMillion.of("10.00"), null),
            new PriceVersion(2, "gpt-4o-mini", SEED, PricePerMillion.of("0.15"), PricePerMillion.of("0.60"), null),
            new PriceVersion(3, "claude-3-5-sonnet", SEED, PricePerMillion.of("3.00"), PricePerMillion.of("15.00"), null)));

    private final Estimator estimator = new Estimator(new JtokkitCounter(), CATALOG, PRICES);

    @Test
    void hundredThousandRequestsOfFiveHundredTokensOnGpt4oCostUsd125OfInput() {
        Estimate estimate = estimator.estimate(new EstimateRequest("gpt-4o", null, null, 500L, null, 100_000L, null));
        assertEquals(new BigDecimal("125.00"), estimate.estimate().inputCostPerMonthUsd());
        assertEquals(new BigDecimal("125.00"), estimate.estimate().costPerMonthUsd());
        assertEquals(new BigDecimal("0.00125"), estimate.estimate().costPerRequestUsd());
        assertEquals(List.of("gpt-4o-mini", "claude-3-5-sonnet"), estimate.comparisons().stream().map(ModelEstimate::model).toList());
        assertEquals(new BigDecimal("7.50"), estimate.comparisons().getFirst().costPerMonthUsd());
    }

    @Test
    void textIsCountedInEachModelsEncodingAndClaudeIsMarkedApproximate() {
        String text = "Tokens set the cost: a bloated prompt with redundant instructions doubles the bill.";
        Estimate estimate = estimator.estimate(new EstimateRequest("gpt-4o", text, null, null, 200L, 1000L, null));
        long o200k = JtokkitCounter.count("o200k_base", text);
        long cl100k = JtokkitCounter.count("cl100k_base", text);

        ModelEstimate gpt4o = estimate.estimate();
        assertEquals(o200k, gpt4o.inputTokens().tokens());
        assertTrue(gpt4o.inputTokens().exact());
        assertEquals(new BigDecimal(o200k).multiply(new BigDecimal("2.50")).add(new BigDecimal("2000.00"))
                .multiply(new BigDecimal(1000)).movePointLeft(6).compareTo(gpt4o.costPerMonthUsd()), 0);

        ModelEstimate claude = estimate.comparisons().stream().filter(e -> e.model().equals("claude-3-5-sonnet")).findFirst().orElseThrow();
        assertFalse(claude.inputTokens().exact());
        assertTrue(claude.inputTokens().method().startsWith("approximate"));
        assertEquals((long) Math.ceil(cl100k * 1.1 - 1e-9), claude.inputTokens().tokens());
    }

    @Test
    void chatMessagesAddOpenAisFraming() {
        List<ChatMessage> messages = List.of(new ChatMessage("system", TextNode.valueOf("You are terse.")),
                new ChatMessage("user", TextNode.valueOf("Hello!")));
        Estimate estimate = estimator.estimate(new EstimateRequest("gpt-4o", null, messages, null, null, null, List.of()));
        long expected = 2 * 3 + 3;
        for (ChatMessage m : messages) {
            expected += JtokkitCounter.count("o200k_base", m.role()) + JtokkitCounter.count("o200k_base", m.content().asText());
        }
        assertEquals(expected, estimate.estimate().inputTokens().tokens());
        assertTrue(estimate.comparisons().isEmpty());
    }

    @Test
    void russianCostsMoreTokensThanTheSameEnglish() {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        texts.put("en", "Non-English prompts cost more: the same amount of text becomes more tokens.");
        texts.put("ru", "Запросы не на английском стоят дороже: тот же объём текста превращается в большее число токенов.");
        LanguageComparison comparison = estimator.compareLanguages(new LanguageRequest("gpt-4o", texts, null, 100_000L));
        long en = JtokkitCounter.count("o200k_base", texts.get("en"));
        long ru = JtokkitCounter.count("o200k_base", texts.get("ru"));
        assertEquals(en, comparison.languages().get(0).tokens());
        assertEquals(ru, comparison.languages().get(1).tokens());
        assertTrue(ru > en);
        assertEquals(0, new BigDecimal(ru).multiply(new BigDecimal("0.25")).compareTo(comparison.languages().get(1).costPerMonthUsd()));
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        OpenAiException none = assertThrows(OpenAiException.class,
                () -> estimator.estimate(new EstimateRequest("gpt-4o", null, null, null, null, null, null)));
        assertEquals(400, none.status());
        OpenAiException unknown = assertThrows(OpenAiException.class,
                () -> estimator.estimate(new EstimateRequest("gpt-9", "hi", null, null, null, null, null)));
        assertEquals(404, unknown.status());
        assertEquals("model", unknown.param());
        OpenAiException negative = assertThrows(OpenAiException.class,
                () -> estimator.estimate(new EstimateRequest("gpt-4o", "hi", null, null, -1L, null, null)));
        assertEquals("expected_output_tokens", negative.param());
    }
}
