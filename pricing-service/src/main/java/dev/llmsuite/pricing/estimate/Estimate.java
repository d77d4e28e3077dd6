package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The response of {@code POST /v1/pricing/estimate}: the asked model first, then the others cheapest first,
 * and any model that could not be compared with the reason. */
public record Estimate(
        @JsonProperty("object") String object,
        @JsonProperty("requests_per_month") long requestsPerMonth,
        @JsonProperty("estimate") ModelEstimate estimate,
        @JsonProperty("comparisons") List<ModelEstimate> comparisons,
        @JsonProperty("not_compared") List<NotCompared> notCompared) {

    /** A catalog model left out of the comparison because its tokens could not be counted. */
    public record NotCompared(@JsonProperty("model") String model, @JsonProperty("reason") String reason) {
    }
}
