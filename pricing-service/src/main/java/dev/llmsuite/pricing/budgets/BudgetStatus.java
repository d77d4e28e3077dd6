package dev.llmsuite.pricing.budgets;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/budget}: this month's spend (UTC calendar month) against the tenant's budget, and alerts sent. */
public record BudgetStatus(
        @JsonProperty("object") String object,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("month") String month,
        @JsonProperty("monthly_limit_usd") BigDecimal monthlyLimitUsd,
        @JsonProperty("spent_usd") BigDecimal spentUsd,
        @JsonProperty("percent_used") BigDecimal percentUsed,
        @JsonProperty("alerts") List<Alert> alerts) {

    public record Alert(
            @JsonProperty("threshold_percent") int thresholdPercent,
            @JsonProperty("spent_usd") BigDecimal spentUsd,
            @JsonProperty("sent_at") Instant sentAt) {
    }
}
