package dev.llmsuite.chaos;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the ledger with what the clients recorded: every served request exactly once, with the tokens the
 * client was told and the cost those tokens have at the catalog's price (computed here, with BigDecimal);
 * no row for a refused request.
 */
final class LedgerAudit {

    /** One ledger row group: the rows of one {@code x_request_id}. */
    private record Rows(long count, long promptTokens, long completionTokens, BigDecimal costUsd) {
    }

    private record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    }

    record Result(long served, long billed, long lost, long duplicated, long wrongAmount, long refused, long refusedBilled,
                  long indeterminate, long indeterminateBilled) {
    }

    private LedgerAudit() {
    }

    /** Waits (up to {@code deadline}) until every served request has its row, then audits. */
    static Result awaitAndAudit(String jdbcUrl, List<Outcome> outcomes, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        long served = outcomes.stream().filter(Outcome::served).count();
        while (System.nanoTime() < end) {
            Map<String, Rows> rows = rows(jdbcUrl);
            if (outcomes.stream().filter(Outcome::served).filter(o -> rows.containsKey(o.requestId())).count() == served) {
                break;
            }
            Thread.sleep(1_000);
        }
        return audit(rows(jdbcUrl), prices(jdbcUrl), outcomes);
    }

    private static Result audit(Map<String, Rows> ledger, Map<String, Price> prices, List<Outcome> outcomes) {
        long served = 0, billed = 0, lost = 0, duplicated = 0, wrong = 0, refused = 0, refusedBilled = 0, indeterminate = 0,
                indeterminateBilled = 0;
        for (Outcome outcome : outcomes) {
            Rows rows = ledger.get(outcome.requestId());
            if (outcome.served()) {
                served++;
                if (rows == null) {
                    lost++;
                } else if (rows.count() > 1) {
                    duplicated++;
                } else {
                    billed++;
                    if (!rightAmounts(outcome, rows, prices.get(outcome.model().toLowerCase(Locale.ROOT)))) {
                        wrong++;
                    }
                }
            } else if (outcome.indeterminate()) {
                indeterminate++;
                indeterminateBilled += rows == null ? 0 : 1;
                duplicated += rows != null && rows.count() > 1 ? 1 : 0;
            } else {
                refused++;
                refusedBilled += rows == null ? 0 : 1;
            }
        }
        return new Result(served, billed, lost, duplicated, wrong, refused, refusedBilled, indeterminate, indeterminateBilled);
    }

    private static boolean rightAmounts(Outcome outcome, Rows rows, Price price) {
        if (price == null || rows.costUsd() == null) {
            return false;
        }
        BigDecimal expected = price.inputPerMillion().multiply(BigDecimal.valueOf(outcome.promptTokens()))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(outcome.completionTokens())))
                .movePointLeft(6);
        return rows.promptTokens() == outcome.promptTokens() && rows.completionTokens() == outcome.completionTokens()
                && expected.compareTo(rows.costUsd()) == 0;
    }

    private static Map<String, Rows> rows(String jdbcUrl) throws Exception {
        Map<String, Rows> rows = new HashMap<>();
        String sql = "SELECT x_request_id, count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)"
                + " FROM usage_ledger WHERE x_request_id LIKE 'chaos-%' GROUP BY x_request_id";
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Rows(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5)));
            }
        }
        return rows;
    }

    /** The price in force now for each model: the run's events all happen after the seeded prices. */
    private static Map<String, Price> prices(String jdbcUrl) throws Exception {
        Map<String, Price> prices = new HashMap<>();
        String sql = "SELECT model_id, input_per_million, output_per_million FROM price_versions"
                + " WHERE effective_from <= now() ORDER BY effective_from";
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                prices.put(rs.getString(1), new Price(rs.getBigDecimal(2), rs.getBigDecimal(3)));
            }
        }
        return prices;
    }
}
