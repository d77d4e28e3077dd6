package dev.llmsuite.pricing.catalog;

import dev.llmsuite.pricing.money.PricePerMillion;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads and extends the catalog in PostgreSQL. Price versions are inserted, never updated or deleted. */
public class CatalogStore {

    private final DataSource dataSource;

    public CatalogStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Model> models() {
        String sql = "SELECT id, provider, display_name, context_window, encoding, count_factor, count_method, self_hosted"
                + " FROM models ORDER BY id";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Model> models = new ArrayList<>();
            while (rs.next()) {
                models.add(new Model(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getBigDecimal(6).stripTrailingZeros(), rs.getString(7), rs.getBoolean(8)));
            }
            return models;
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }

    public Optional<Model> model(String id) {
        String key = PriceBook.modelKey(id);
        return models().stream().filter(m -> m.id().equals(key)).findFirst();
    }

    /** Every price version of every model: small (a few per model), so the whole book is read at once. */
    public PriceBook priceBook() {
        String sql = "SELECT id, model_id, effective_from, input_per_million, output_per_million, cached_input_per_million"
                + " FROM price_versions";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<PriceVersion> versions = new ArrayList<>();
            while (rs.next()) {
                BigDecimal cached = rs.getBigDecimal(6);
                versions.add(new PriceVersion(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        new PricePerMillion(rs.getBigDecimal(4)), new PricePerMillion(rs.getBigDecimal(5)),
                        cached == null ? null : new PricePerMillion(cached)));
            }
            return new PriceBook(versions);
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }

    public void addModel(Model model) {
        String sql = "INSERT INTO models (id, provider, display_name, context_window, encoding, count_factor, count_method, self_hosted)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, model.id());
            ps.setString(2, model.provider());
            ps.setString(3, model.displayName());
            ps.setInt(4, model.contextWindow());
            ps.setString(5, model.encoding());
            ps.setBigDecimal(6, model.countFactor());
            ps.setString(7, model.countMethod());
            ps.setBoolean(8, model.selfHosted());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }

    /** Inserts a version and returns it with its id. */
    public PriceVersion addPriceVersion(PriceVersion version, String createdBy) {
        String sql = "INSERT INTO price_versions (model_id, effective_from, input_per_million, output_per_million,"
                + " cached_input_per_million, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, version.modelId());
            ps.setTimestamp(2, Timestamp.from(version.effectiveFrom()));
            ps.setBigDecimal(3, version.input().usd());
            ps.setBigDecimal(4, version.output().usd());
            ps.setBigDecimal(5, version.cachedInput() == null ? null : version.cachedInput().usd());
            ps.setString(6, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PriceVersion(rs.getLong(1), version.modelId(), version.effectiveFrom(),
                        version.input(), version.output(), version.cachedInput());
            }
        } catch (SQLException e) {
            throw new CatalogUnavailableException(e);
        }
    }
}
