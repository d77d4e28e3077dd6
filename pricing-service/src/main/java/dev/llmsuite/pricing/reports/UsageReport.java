package dev.llmsuite.pricing.reports;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/usage}: rows for the period [from, to), and their total: the exact sum of the rows, rounded once. */
public record UsageReport(
        @JsonProperty("object") String object,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("from") Instant from,
        @JsonProperty("to") Instant to,
        @JsonProperty("group_by") String groupBy,
        @JsonProperty("data") List<UsageRow> data,
        @JsonProperty("total") UsageRow total) {

    static UsageReport of(String tenant, Instant from, Instant to, GroupBy groupBy, List<UsageRow> rows) {
        UsageRow total = new UsageRow("total", 0, 0, 0, BigDecimal.ZERO, 0);
        for (UsageRow row : rows) {
            total = total.plus(row);
        }
        return new UsageReport("usage.report", tenant, from, to, groupBy.label(), rows, total);
    }

    /** RFC 4180 CSV: a header, one line per group, and the total last. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder(groupBy).append(",requests,prompt_tokens,completion_tokens,cost_usd,unpriced_requests\r\n");
        for (UsageRow row : data) {
            line(csv, row);
        }
        line(csv, total);
        return csv.toString();
    }

    private static void line(StringBuilder csv, UsageRow row) {
        csv.append(quoted(row.group())).append(',').append(row.requests()).append(',').append(row.promptTokens())
                .append(',').append(row.completionTokens()).append(',').append(row.costUsd().toPlainString())
                .append(',').append(row.unpricedRequests()).append("\r\n");
    }

    private static String quoted(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
