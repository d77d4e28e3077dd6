package dev.llmsuite.pricing.budgets;

import dev.llmsuite.pricing.money.MicroUsd;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds tenants whose spend this month has crossed 80% or 100% of their budget and records each crossing
 * in {@code budget_alerts}. The table's primary key (tenant, month, threshold) is what makes every alert
 * happen once, however many batches or redeliveries see the tenant above the line.
 */
public final class BudgetWatch {

    public static final int[] THRESHOLDS_PERCENT = {80, 100};

    private static final String SPEND = """
            SELECT b.tenant, b.monthly_limit_micros, COALESCE(SUM(l.cost_usd), 0)
            FROM budgets b LEFT JOIN usage_ledger l
              ON l.tenant = b.tenant AND l.occurred_at >= ? AND l.occurred_at < ?
            WHERE b.tenant = ANY (?)
            GROUP BY b.tenant, b.monthly_limit_micros""";

    private static final String RECORD = """
            INSERT INTO budget_alerts (tenant, month, threshold_percent, spent_micros, monthly_limit_micros)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

    private BudgetWatch() {
    }

    /**
     * Records crossings, inside the caller's transaction, for the month (UTC) containing {@code now}.
     *
     * @return the alerts that were not recorded before: the caller publishes them before committing
     */
    public static List<BudgetAlert> recordCrossings(Connection connection, Collection<String> tenants, Instant now)
            throws SQLException {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<BudgetAlert> alerts = new ArrayList<>();
        try (PreparedStatement spend = connection.prepareStatement(SPEND);
             PreparedStatement record = connection.prepareStatement(RECORD)) {
            spend.setTimestamp(1, Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            spend.setTimestamp(2, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            spend.setArray(3, connection.createArrayOf("text", tenants.toArray()));
            try (ResultSet rs = spend.executeQuery()) {
                while (rs.next()) {
                    String tenant = rs.getString(1);
                    long limit = rs.getLong(2);
                    // The month's exact spend, rounded once, as the budget status shows it.
                    long spent = MicroUsd.fromUsd(rs.getBigDecimal(3));
                    for (int threshold : THRESHOLDS_PERCENT) {
                        if (crossed(spent, limit, threshold) && recorded(record, tenant, month.atDay(1), threshold, spent, limit)) {
                            alerts.add(new BudgetAlert(tenant, month.toString(), threshold,
                                    MicroUsd.toUsd(spent), MicroUsd.toUsd(limit)));
                        }
                    }
                }
            }
        }
        return alerts;
    }

    /** Integer comparison: spent / limit >= percent / 100, without division or rounding. */
    public static boolean crossed(long spentMicros, long limitMicros, int thresholdPercent) {
        return Math.multiplyExact(spentMicros, 100L) >= Math.multiplyExact(limitMicros, (long) thresholdPercent);
    }

    private static boolean recorded(PreparedStatement record, String tenant, LocalDate month, int threshold,
                                    long spent, long limit) throws SQLException {
        record.setString(1, tenant);
        record.setObject(2, month);
        record.setInt(3, threshold);
        record.setLong(4, spent);
        record.setLong(5, limit);
        return record.executeUpdate() == 1;
    }
}
