package dev.llmsuite.pricing.budgets;

import dev.llmsuite.pricing.catalog.CatalogUnavailableException;
import dev.llmsuite.pricing.money.MicroUsd;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Budgets and their status for the API; crossing detection lives in {@link BudgetWatch}, inside ledger batches. */
public final class BudgetStore {

    private final DataSource dataSource;

    public BudgetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void set(String tenant, long monthlyLimitMicros) {
        String sql = "INSERT INTO budgets (tenant, monthly_limit_micros) VALUES (?, ?)"
                + " ON CONFLICT (tenant) DO UPDATE SET monthly_limit_micros = EXCLUDED.monthly_limit_micros, updated_at = now()";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.setLong(2, monthlyLimitMicros);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }

    /** Empty when the tenant has no budget. */
    public Optional<BudgetStatus> status(String tenant, Instant now) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        try (Connection c = dataSource.getConnection()) {
            Long limit = limit(c, tenant);
            if (limit == null) {
                return Optional.empty();
            }
            long spent = spent(c, tenant, month);
            BigDecimal percent = BigDecimal.valueOf(spent).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(limit), 2, RoundingMode.HALF_EVEN);
            return Optional.of(new BudgetStatus("budget.status", tenant, month.toString(), MicroUsd.toUsd(limit),
                    MicroUsd.toUsd(spent), percent, alerts(c, tenant, month)));
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }

    private static Long limit(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT monthly_limit_micros FROM budgets WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static long spent(Connection c, String tenant, YearMonth month) throws SQLException {
        String sql = "SELECT coalesce(sum(cost_usd), 0) FROM usage_ledger WHERE tenant = ? AND occurred_at >= ? AND occurred_at < ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.setTimestamp(2, Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(3, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return MicroUsd.fromUsd(rs.getBigDecimal(1));
            }
        }
    }

    private static List<BudgetStatus.Alert> alerts(Connection c, String tenant, YearMonth month) throws SQLException {
        String sql = "SELECT threshold_percent, spent_micros, sent_at FROM budget_alerts WHERE tenant = ? AND month = ?"
                + " ORDER BY threshold_percent";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.setObject(2, month.atDay(1));
            List<BudgetStatus.Alert> alerts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new BudgetStatus.Alert(rs.getInt(1), MicroUsd.toUsd(rs.getLong(2)), rs.getTimestamp(3).toInstant()));
                }
            }
            return alerts;
        }
    }
}
