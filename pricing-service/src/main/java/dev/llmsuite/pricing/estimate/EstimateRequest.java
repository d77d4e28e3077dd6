package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /v1/pricing/estimate}. The prompt is given as exactly one of {@code text}, {@code messages}
 * or {@code input_tokens}.
 *
 * @param compareWith models to price side by side; absent means every other catalog model
 */
public record EstimateRequest(
        String model,
        String text,
        List<ChatMessage> messages,
        @JsonProperty("input_tokens") Long inputTokens,
        @JsonProperty("expected_output_tokens") Long expectedOutputTokens,
        @JsonProperty("requests_per_month") Long requestsPerMonth,
        @JsonProperty("compare_with") List<String> compareWith) {
}
