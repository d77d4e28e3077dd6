package dev.llmsuite.pricing.catalog;

import java.sql.SQLException;

/** The database behind the catalog, ledger or budgets could not answer; resources turn it into a 503. */
public class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(SQLException cause) {
        super("The pricing database is unavailable: " + cause.getMessage(), cause);
    }
}
