package dev.llmsuite.pricing.budgets;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;

/** Published once on {@value #TOPIC} when a tenant's spend for a calendar month (UTC) crosses a threshold. */
public record BudgetAlert(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("month") String month,
        @JsonProperty("threshold_percent") int thresholdPercent,
        @JsonProperty("spent_usd") BigDecimal spentUsd,
        @JsonProperty("monthly_limit_usd") BigDecimal monthlyLimitUsd) {

    public static final String TOPIC = "llm.budget-alerts.v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A budget alert always serialises", e);
        }
    }

    public static BudgetAlert read(byte[] json) {
        try {
            return JSON.readValue(json, BudgetAlert.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a budget alert: " + e.getMessage(), e);
        }
    }
}
