package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.metrics.GenerationMetrics;
import dev.llmsuite.generation.models.GenerationConfig;
import dev.llmsuite.generation.scheduling.GenerationSlots;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the plain domain objects of generation from configuration, once per application. */
@ApplicationScoped
public class GenerationSetup {

    @Produces
    @ApplicationScoped
    GenerationSlots slots(GenerationConfig config) {
        return new GenerationSlots(config.capacity(), config.queueSize(), config.queueTimeout());
    }

    /** Created at startup, so the gauges are on /q/metrics before the first request. */
    @Produces
    @ApplicationScoped
    @Startup
    GenerationMetrics metrics(MeterRegistry registry, GenerationSlots slots) {
        return new GenerationMetrics(registry, slots::queueDepth, slots::inUse);
    }

    @Produces
    @ApplicationScoped
    PlanRunner runner(GenerationMetrics metrics) {
        return new PlanRunner(metrics);
    }
}
