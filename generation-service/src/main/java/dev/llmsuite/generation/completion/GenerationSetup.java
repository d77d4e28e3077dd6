package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.metrics.GenerationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the plain domain objects of generation from the framework's, once per application. */
@ApplicationScoped
public class GenerationSetup {

    @Produces
    @ApplicationScoped
    GenerationMetrics metrics(MeterRegistry registry) {
        return new GenerationMetrics(registry);
    }
}
