package dev.llmsuite.pricing.ledger;

import dev.llmsuite.infra.EmbeddedPostgresServer;
import dev.llmsuite.infra.TestInfrastructure;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database on the test JVM's real PostgreSQL, migrated with the service's own Flyway scripts. */
public final class LedgerDatabase {

    private LedgerDatabase() {
    }

    public static DataSource create(String name) throws SQLException {
        EmbeddedPostgresServer postgres = TestInfrastructure.postgres();
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + name);
        dataSource.setUser(EmbeddedPostgresServer.USER);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    public static long scalar(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static BigDecimal decimal(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
