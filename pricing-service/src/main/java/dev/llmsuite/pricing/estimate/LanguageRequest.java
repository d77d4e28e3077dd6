package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;

/** {@code POST /v1/pricing/estimate/languages}: the same content keyed by language code, in the order given. */
public record LanguageRequest(
        String model,
        LinkedHashMap<String, String> texts,
        @JsonProperty("expected_output_tokens") Long expectedOutputTokens,
        @JsonProperty("requests_per_month") Long requestsPerMonth) {
}
