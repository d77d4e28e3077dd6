package dev.llmsuite.pricing.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/** Makes the plain catalog store injectable, on the service's pooled datasource. */
@ApplicationScoped
public class CatalogBeans {

    @Produces
    @Singleton
    CatalogStore catalogStore(DataSource dataSource) {
        return new CatalogStore(dataSource);
    }
}
