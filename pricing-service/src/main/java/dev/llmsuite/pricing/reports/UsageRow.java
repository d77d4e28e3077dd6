package dev.llmsuite.pricing.reports;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmsuite.pricing.money.MicroUsd;
import java.math.BigDecimal;

/**
 * One line of a usage report. {@code cost_exact_usd} is the exact sum of the ledger rows' costs; the line's
 * money ({@code cost_micros}, {@code cost_usd}) is that sum rounded once to micro-USD, HALF_EVEN. The total is
 * a line of its own: the exact sum of all rows, rounded once, so it can differ from the sum of the rounded lines
 * by at most half a micro-dollar per line. Unpriced rows (unknown model) count in requests and tokens but not in cost.
 */
public record UsageRow(
        @JsonProperty("group") String group,
        @JsonProperty("requests") long requests,
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("cost_exact_usd") BigDecimal costExactUsd,
        @JsonProperty("unpriced_requests") long unpricedRequests) {

    @JsonProperty("cost_micros")
    public long costMicros() {
        return MicroUsd.fromUsd(costExactUsd);
    }

    @JsonProperty("cost_usd")
    public BigDecimal costUsd() {
        return MicroUsd.toUsd(costMicros());
    }

    UsageRow plus(UsageRow other) {
        return new UsageRow(group, requests + other.requests, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, costExactUsd.add(other.costExactUsd),
                unpricedRequests + other.unpricedRequests);
    }
}
