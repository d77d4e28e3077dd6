package dev.llmsuite.generation.models;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready for generation once at least one model is loaded; otherwise DOWN with instructions. */
@Readiness
@ApplicationScoped
public class GenerationReadiness implements HealthCheck {

    private final ModelRegistry registry;

    public GenerationReadiness(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("generation")
                .withData("models", String.join(",", registry.all().stream().map(ServedModel::name).toList()));
        if (!registry.failures().isEmpty()) {
            response.withData("failed", String.join("; ", registry.failures()));
        }
        if (registry.all().isEmpty()) {
            return response.down().withData("message", registry.howToProvideAModel()).build();
        }
        return response.up().build();
    }
}
