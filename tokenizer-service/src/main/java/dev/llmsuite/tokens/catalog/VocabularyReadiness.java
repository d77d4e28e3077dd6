package dev.llmsuite.tokens.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every configured vocabulary loaded; otherwise DOWN, naming each failure. */
@Readiness
@ApplicationScoped
public class VocabularyReadiness implements HealthCheck {

    private final EncodingCatalog catalog;

    VocabularyReadiness(EncodingCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vocabularies")
                .status(catalog.failures().isEmpty())
                .withData("loaded", String.join(",", catalog.all().stream().map(ServedEncoding::name).toList()));
        catalog.failures().forEach(response::withData);
        return response.build();
    }
}
