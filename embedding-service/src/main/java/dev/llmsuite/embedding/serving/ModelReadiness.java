package dev.llmsuite.embedding.serving;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every configured model loaded; otherwise DOWN with each failure's reason. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ModelRegistry registry;

    public ModelReadiness(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("embedding-models")
                .status(registry.failures().isEmpty() && !registry.all().isEmpty());
        registry.all().forEach(served -> response.withData(served.name(), "loaded, " + served.model().dimensions() + " dimensions"));
        registry.failures().forEach(response::withData);
        if (registry.all().isEmpty() && registry.failures().isEmpty()) {
            response.withData("reason", "no embedding model is configured");
        }
        return response.build();
    }
}
