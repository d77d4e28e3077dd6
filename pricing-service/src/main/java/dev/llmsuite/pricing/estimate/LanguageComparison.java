package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/** Tokens and cost of the same content in several languages; {@code tokens_vs_first} is the ratio to the first. */
public record LanguageComparison(
        @JsonProperty("object") String object,
        @JsonProperty("model") String model,
        @JsonProperty("encoding") String encoding,
        @JsonProperty("exact") boolean exact,
        @JsonProperty("requests_per_month") long requestsPerMonth,
        @JsonProperty("languages") List<Language> languages) {

    public record Language(
            @JsonProperty("language") String language,
            @JsonProperty("characters") int characters,
            @JsonProperty("tokens") long tokens,
            @JsonProperty("tokens_vs_first") BigDecimal tokensVsFirst,
            @JsonProperty("cost_per_request_usd") BigDecimal costPerRequestUsd,
            @JsonProperty("cost_per_month_usd") BigDecimal costPerMonthUsd) {
    }
}
