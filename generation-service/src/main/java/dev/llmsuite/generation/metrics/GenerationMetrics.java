package dev.llmsuite.generation.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The domain metrics of generation, exported at /q/metrics:
 * {@code llmsuite_generation_time_to_first_token_seconds}, {@code llmsuite_generation_inter_token_latency_seconds},
 * {@code llmsuite_generation_tokens_per_second}, {@code llmsuite_generation_queue_depth},
 * {@code llmsuite_generation_running} and {@code llmsuite_generation_kv_cache_bytes} (memory held by live sequences).
 */
public final class GenerationMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary tokensPerSecond;
    private final Map<Object, Long> cacheBytesBySequence = new ConcurrentHashMap<>();

    public GenerationMetrics(MeterRegistry registry, Supplier<Number> queueDepth, Supplier<Number> running) {
        this.registry = registry;
        this.tokensPerSecond = DistributionSummary.builder("llmsuite.generation.tokens_per_second")
                .description("Decode speed of each finished generation").register(registry);
        Gauge.builder("llmsuite.generation.queue_depth", queueDepth).description("Requests waiting for a generation slot").register(registry);
        Gauge.builder("llmsuite.generation.running", running).description("Generations running now").register(registry);
        Gauge.builder("llmsuite.generation.kv_cache_bytes", cacheBytesBySequence,
                        m -> m.values().stream().mapToLong(Long::longValue).sum())
                .description("KV-cache memory held by the sequences being generated").baseUnit("bytes").register(registry);
    }

    public void timeToFirstToken(String model, long nanos) {
        timer("llmsuite.generation.time_to_first_token", model, "From the start of prefill to the first token").record(Duration.ofNanos(nanos));
    }

    public void interTokenLatency(String model, long nanos) {
        timer("llmsuite.generation.inter_token_latency", model, "Time between two tokens of one sequence").record(Duration.ofNanos(nanos));
    }

    public void tokensPerSecond(double value) {
        if (value > 0) {
            tokensPerSecond.record(value);
        }
    }

    /** The KV-cache size of a live sequence, updated as it grows. */
    public void cacheBytes(Object sequence, long bytes) {
        cacheBytesBySequence.put(sequence, bytes);
    }

    /** The sequence ended and its session (with its cache) was closed. */
    public void cacheReleased(Object sequence) {
        cacheBytesBySequence.remove(sequence);
    }

    private Timer timer(String name, String model, String description) {
        return Timer.builder(name).tag("model", model).description(description).register(registry);
    }
}
