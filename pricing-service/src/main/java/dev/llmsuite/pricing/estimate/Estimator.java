package dev.llmsuite.pricing.estimate;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.catalog.Model;
import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.pricing.catalog.PriceVersion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices a workload (prompt, expected output, requests per month) on one model and side by side on others.
 * Amounts are exact decimals: tokens x price per 1M / 1,000,000, never rounded.
 *
 * <p>Each model's prompt is counted in that model's own encoding, once per encoding per estimate.
 */
public final class Estimator {

    /** OpenAI's chat framing: each message adds 3 tokens, and 3 more prime the reply. */
    static final int TOKENS_PER_MESSAGE = 3;
    static final int REPLY_PRIMING_TOKENS = 3;

    private final TokenCounter counter;
    private final List<Model> catalog;
    private final PriceBook prices;
    private final Map<String, long[]> countsByEncoding = new HashMap<>();

    public Estimator(TokenCounter counter, List<Model> catalog, PriceBook prices) {
        this.counter = counter;
        this.catalog = catalog;
        this.prices = prices;
    }

    public Estimate estimate(EstimateRequest request) {
        Model model = model(request.model(), "model");
        Prompt prompt = Prompt.of(request.text(), request.messages(), request.inputTokens());
        long output = nonNegative(request.expectedOutputTokens(), 0, "expected_output_tokens");
        long requests = nonNegative(request.requestsPerMonth(), 1, "requests_per_month");
        ModelEstimate asked = estimateFor(model, count(model, prompt), output, requests);
        List<ModelEstimate> comparisons = new ArrayList<>();
        List<Estimate.NotCompared> notCompared = new ArrayList<>();
        for (Model other : comparedModels(model, request.compareWith())) {
            try {
                comparisons.add(estimateFor(other, count(other, prompt), output, requests));
            } catch (OpenAiException e) {
                // A side-by-side model whose encoding the tokenizer-service refuses must not sink the estimate asked for.
                if (e.status() >= 500) {
                    throw e;
                }
                notCompared.add(new Estimate.NotCompared(other.id(), e.getMessage()));
            }
        }
        comparisons.sort(Comparator.comparing(ModelEstimate::costPerMonthUsd).thenComparing(ModelEstimate::model));
        return new Estimate("pricing.estimate", requests, asked, comparisons, notCompared);
    }

    /** The same content in several languages on one model: tokens and cost for each, and each one's ratio to the first. */
    public LanguageComparison compareLanguages(LanguageRequest request) {
        Model model = model(request.model(), "model");
        if (request.texts() == null || request.texts().size() < 2) {
            throw OpenAiException.badRequest("'texts' must map at least two language codes to the same content.", "texts");
        }
        long output = nonNegative(request.expectedOutputTokens(), 0, "expected_output_tokens");
        long requests = nonNegative(request.requestsPerMonth(), 1, "requests_per_month");
        Map<String, ModelEstimate> byLanguage = new LinkedHashMap<>();
        for (Map.Entry<String, String> text : request.texts().entrySet()) {
            if (text.getValue() == null) {
                throw OpenAiException.badRequest("'texts." + text.getKey() + "' must be a string: the content in that language.",
                        "texts." + text.getKey());
            }
            countsByEncoding.clear();
            Prompt prompt = Prompt.of(text.getValue(), null, null);
            byLanguage.put(text.getKey(), estimateFor(model, count(model, prompt), output, requests));
        }
        ModelEstimate first = byLanguage.values().iterator().next();
        List<LanguageComparison.Language> languages = new ArrayList<>();
        request.texts().forEach((language, text) -> {
            ModelEstimate e = byLanguage.get(language);
            languages.add(new LanguageComparison.Language(language, text.codePointCount(0, text.length()),
                    e.inputTokens().tokens(), ratio(e.inputTokens().tokens(), first.inputTokens().tokens()),
                    e.costPerRequestUsd(), e.costPerMonthUsd()));
        });
        return new LanguageComparison("pricing.language_comparison", model.id(), first.inputTokens().encoding(),
                first.inputTokens().exact(), requests, languages);
    }

    private ModelEstimate estimateFor(Model model, TokenCount input, long output, long requests) {
        PriceVersion price = prices.current(model.id()).orElseThrow(() -> OpenAiException.notFound(
                "Model '" + model.id() + "' has no price in force; an admin can add one.", "model"));
        BigDecimal perRequestInput = price.input().exactUsd(input.tokens());
        BigDecimal perRequestOutput = price.output().exactUsd(output);
        BigDecimal monthlyInput = perRequestInput.multiply(BigDecimal.valueOf(requests));
        BigDecimal monthlyOutput = perRequestOutput.multiply(BigDecimal.valueOf(requests));
        return new ModelEstimate(model.id(), model.provider(), input, output,
                Usd.exact(price.input().usd()), Usd.exact(price.output().usd()), price.effectiveFrom(),
                Usd.exact(perRequestInput.add(perRequestOutput)), Usd.exact(monthlyInput), Usd.exact(monthlyOutput),
                Usd.exact(monthlyInput.add(monthlyOutput)), model.contextWindow(),
                fits(input.tokens(), output, model.contextWindow()));
    }

    /** Whether prompt and output fit the window together, for any counts up to Long.MAX_VALUE. */
    static boolean fits(long inputTokens, long outputTokens, int contextWindow) {
        return inputTokens <= contextWindow && outputTokens <= contextWindow - inputTokens;
    }

    private TokenCount count(Model model, Prompt prompt) {
        if (prompt.givenTokens() != null) {
            return new TokenCount(prompt.givenTokens(), null, true, "given by the caller");
        }
        long[] counts = countsByEncoding.computeIfAbsent(model.encoding(), e -> counter.count(e, prompt.texts()));
        long raw = prompt.framingTokens();
        for (long c : counts) {
            raw += c;
        }
        String framing = prompt.framingTokens() == 0 ? ""
                : ", plus " + TOKENS_PER_MESSAGE + " per message and " + REPLY_PRIMING_TOKENS + " for the reply";
        if (model.exactCount()) {
            return new TokenCount(raw, model.encoding(), true, "exact: " + model.encoding() + framing);
        }
        long approximate = model.countFactor().multiply(BigDecimal.valueOf(raw)).setScale(0, RoundingMode.CEILING).longValueExact();
        return new TokenCount(approximate, model.encoding(), false,
                model.countMethod() + " (count_factor " + model.countFactor().toPlainString() + ", rounded up)" + framing);
    }

    private List<Model> comparedModels(Model asked, List<String> names) {
        if (names == null) {
            return catalog.stream().filter(m -> !m.id().equals(asked.id()) && prices.current(m.id()).isPresent()).toList();
        }
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Model model = model(names.get(i), "compare_with[" + i + "]");
            if (!model.id().equals(asked.id()) && !models.contains(model)) {
                models.add(model);
            }
        }
        return models;
    }

    private Model model(String name, String param) {
        if (name == null || name.isBlank()) {
            throw OpenAiException.badRequest("'" + param + "' is required: a model id from GET /v1/pricing/models.", param);
        }
        String key = PriceBook.modelKey(name);
        return catalog.stream().filter(m -> m.id().equals(key)).findFirst().orElseThrow(() -> OpenAiException.modelNotFound(
                "Unknown model '" + name + "'; GET /v1/pricing/models lists the catalog.", param));
    }

    private static long nonNegative(Long value, long absent, String param) {
        if (value == null) {
            return absent;
        }
        if (value < 0) {
            throw OpenAiException.badRequest("'" + param + "' must not be negative.", param);
        }
        return value;
    }

    private static BigDecimal ratio(long tokens, long baseline) {
        if (baseline == 0) {
            return null;
        }
        return BigDecimal.valueOf(tokens).divide(BigDecimal.valueOf(baseline), 2, RoundingMode.HALF_EVEN);
    }
}
