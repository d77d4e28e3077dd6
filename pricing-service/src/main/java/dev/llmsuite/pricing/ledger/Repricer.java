package dev.llmsuite.pricing.ledger;

import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.pricing.catalog.PriceVersion;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Prices ledger rows that arrived before their model had a price. It only fills in rows whose cost is still
 * NULL; a priced row is never touched again, so adding a price version cannot rewrite history.
 */
public final class Repricer {

    private static final String UNPRICED = """
            SELECT event_id, model, occurred_at, prompt_tokens, completion_tokens
            FROM usage_ledger WHERE cost_usd IS NULL""";

    private static final String FILL = """
            UPDATE usage_ledger SET price_version_id = ?, input_cost_usd = ?, output_cost_usd = ?,
                cost_usd = ?, unpriced_reason = NULL
            WHERE event_id = ? AND cost_usd IS NULL""";

    private static final int BATCH = 1000;

    private Repricer() {
    }

    /** @return how many rows were priced */
    public static int reprice(DataSource dataSource, PriceBook book) throws SQLException {
        int priced = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement(UNPRICED);
                 PreparedStatement fill = c.prepareStatement(FILL)) {
                select.setFetchSize(BATCH);
                int pending = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Optional<PriceVersion> version = book.inForce(rs.getString(2), rs.getTimestamp(3).toInstant());
                        if (version.isEmpty()) {
                            continue;
                        }
                        BigDecimal input = version.get().input().exactUsd(rs.getLong(4));
                        BigDecimal output = version.get().output().exactUsd(rs.getLong(5));
                        fill.setLong(1, version.get().id());
                        fill.setBigDecimal(2, input);
                        fill.setBigDecimal(3, output);
                        fill.setBigDecimal(4, input.add(output));
                        fill.setObject(5, rs.getObject(1, UUID.class));
                        fill.addBatch();
                        priced++;
                        if (++pending == BATCH) {
                            fill.executeBatch();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) {
                    fill.executeBatch();
                }
            }
            c.commit();
        }
        return priced;
    }
}
