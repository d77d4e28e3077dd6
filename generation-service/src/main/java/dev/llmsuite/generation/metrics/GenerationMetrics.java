package dev.llmsuite.generation.metrics;

import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.serving.Scheduler;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The domain metrics of generation, exported at /q/metrics (Prometheus names), per model:
 * <ul>
 *   <li>latency: {@code llmsuite_generation_time_to_first_token_seconds} (from arrival, queue time
 *       included), {@code llmsuite_generation_inter_token_latency_seconds},
 *       {@code llmsuite_generation_tokens_per_second};</li>
 *   <li>scheduling: {@code llmsuite_generation_queue_depth}, {@code llmsuite_generation_running},
 *       {@code llmsuite_generation_batch_size} (sequences per step),
 *       {@code llmsuite_generation_batch_tokens} (rows per step),
 *       {@code llmsuite_generation_preemptions_total};</li>
 *   <li>KV-cache: {@code llmsuite_generation_kv_cache_blocks{state=used|cached|free}},
 *       {@code llmsuite_generation_kv_cache_capacity_blocks}, {@code llmsuite_generation_kv_cache_bytes}
 *       (held by live sequences), {@code llmsuite_generation_kv_cache_allocated_bytes},
 *       {@code llmsuite_generation_kv_cache_budget_bytes};</li>
 *   <li>prefix cache: {@code llmsuite_generation_prefix_cache_hit_rate} (prompt tokens found
 *       cached / prompt tokens admitted), {@code llmsuite_generation_prefix_cache_tokens_saved_total},
 *       {@code llmsuite_generation_prefix_cache_lookup_tokens_total}.</li>
 * </ul>
 */
public final class GenerationMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary tokensPerSecond;

    public GenerationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tokensPerSecond = DistributionSummary.builder("llmsuite.generation.tokens_per_second")
                .description("Decode speed of each finished generation").register(registry);
    }

    /** Exports a model's scheduler and KV-cache, and records every step it runs. */
    public void watch(String model, Scheduler scheduler) {
        Tags tags = Tags.of("model", model);
        BlockPool pool = scheduler.pool();
        gauge("llmsuite.generation.queue_depth", tags, scheduler, Scheduler::queued, "Requests waiting for admission to the batch");
        gauge("llmsuite.generation.running", tags, scheduler, Scheduler::running, "Sequences in the running batch");
        gauge("llmsuite.generation.kv_cache.blocks", tags.and("state", "used"), pool, BlockPool::used, "KV-cache blocks read by live sequences");
        gauge("llmsuite.generation.kv_cache.blocks", tags.and("state", "cached"), pool, BlockPool::cached,
                "KV-cache blocks kept only for the prefix cache (evictable)");
        gauge("llmsuite.generation.kv_cache.blocks", tags.and("state", "free"), pool, BlockPool::free, "KV-cache blocks free");
        gauge("llmsuite.generation.kv_cache.capacity_blocks", tags, pool, BlockPool::capacity, "KV-cache blocks the budget allows");
        Gauge.builder("llmsuite.generation.kv_cache_bytes", pool, p -> (double) p.used() * p.bytesPerBlock()).tags(tags).strongReference(true)
                .description("KV-cache memory held by live sequences").baseUnit("bytes").register(registry);
        Gauge.builder("llmsuite.generation.kv_cache.allocated_bytes", pool, p -> (double) p.allocatedBytes()).tags(tags).strongReference(true)
                .description("KV-cache memory allocated so far (kept for reuse)").baseUnit("bytes").register(registry);
        Gauge.builder("llmsuite.generation.kv_cache.budget_bytes", pool, p -> (double) p.capacity() * p.bytesPerBlock()).tags(tags).strongReference(true)
                .description("KV-cache memory budget").baseUnit("bytes").register(registry);
        gauge("llmsuite.generation.prefix_cache.hit_rate", tags, pool, p -> p.prefixes().lookedUpTokens() == 0 ? 0
                : (double) p.prefixes().hitTokens() / p.prefixes().lookedUpTokens(), "Share of admitted prompt tokens found in the prefix cache");
        FunctionCounter.builder("llmsuite.generation.prefix_cache.tokens_saved", pool, p -> p.prefixes().hitTokens()).tags(tags)
                .description("Prompt tokens whose keys and values came from the prefix cache").register(registry);
        FunctionCounter.builder("llmsuite.generation.prefix_cache.lookup_tokens", pool, p -> p.prefixes().lookedUpTokens()).tags(tags)
                .description("Prompt tokens looked up in the prefix cache").register(registry);
        FunctionCounter.builder("llmsuite.generation.preemptions", scheduler, Scheduler::preemptions).tags(tags)
                .description("Sequences preempted to free KV-cache blocks (recomputed later)").register(registry);
        DistributionSummary batchSize = DistributionSummary.builder("llmsuite.generation.batch_size").tags(tags)
                .description("Sequences in each step's forward pass").register(registry);
        DistributionSummary batchTokens = DistributionSummary.builder("llmsuite.generation.batch_tokens").tags(tags)
                .description("Rows (tokens) in each step's forward pass").register(registry);
        scheduler.observe(step -> {
            batchSize.record(step.sequences());
            batchTokens.record(step.decodeRows() + step.prefillRows());
        });
    }

    public void timeToFirstToken(String model, long nanos) {
        timer("llmsuite.generation.time_to_first_token", model, "From the request's arrival (queue included) to its first token")
                .record(Duration.ofNanos(nanos));
    }

    public void interTokenLatency(String model, long nanos) {
        timer("llmsuite.generation.inter_token_latency", model, "Time between two tokens of one sequence").record(Duration.ofNanos(nanos));
    }

    public void tokensPerSecond(double value) {
        if (value > 0) {
            tokensPerSecond.record(value);
        }
    }

    private <T> void gauge(String name, Tags tags, T source, ToDoubleFunction<T> value, String description) {
        // Held strongly: Micrometer holds a gauge's source weakly by default, and a collected source drops the gauge.
        Gauge.builder(name, source, value).tags(tags).strongReference(true).description(description).register(registry);
    }

    private Timer timer(String name, String model, String description) {
        return Timer.builder(name).tag("model", model).description(description).register(registry);
    }
}
