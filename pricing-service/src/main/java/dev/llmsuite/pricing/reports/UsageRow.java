package dev.llmsuite.pricing.reports;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmsuite.pricing.money.MicroUsd;
import java.math.BigDecimal;

/**
 * One group of a usage report. {@code cost_micros} is the exact sum of the ledger rows' stored costs;
 * unpriced rows (unknown model) count in requests and tokens but not in cost.
 */
public record UsageRow(
        @JsonProperty("group") String group,
        @JsonProperty("requests") long requests,
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("cost_micros") long costMicros,
        @JsonProperty("unpriced_requests") long unpricedRequests) {

    @JsonProperty("cost_usd")
    public BigDecimal costUsd() {
        return MicroUsd.toUsd(costMicros);
    }

    UsageRow plus(UsageRow other) {
        return new UsageRow(group, requests + other.requests, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, costMicros + other.costMicros,
                unpricedRequests + other.unpricedRequests);
    }
}
