package dev.llmsuite.pricing.reports;

import dev.llmsuite.pricing.catalog.CatalogUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Sums ledger rows per group for a period and, unless {@code tenant} is null, one tenant. */
public final class UsageStore {

    private final DataSource dataSource;

    public UsageStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public UsageReport report(String tenant, Instant from, Instant to, GroupBy groupBy) {
        String sql = "SELECT " + groupBy.column + " AS grp, count(*), sum(prompt_tokens), sum(completion_tokens),"
                + " coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)"
                + " FROM usage_ledger WHERE occurred_at >= ? AND occurred_at < ?"
                + (tenant == null ? "" : " AND tenant = ?")
                + " GROUP BY grp ORDER BY grp";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            if (tenant != null) {
                ps.setString(3, tenant);
            }
            List<UsageRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5), rs.getLong(6)));
                }
            }
            return UsageReport.of(tenant, from, to, groupBy, rows);
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }
}
