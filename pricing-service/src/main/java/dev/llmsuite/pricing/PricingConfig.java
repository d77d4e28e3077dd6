package dev.llmsuite.pricing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** {@code llmsuite.pricing.*}: the ledger consumer and the self-hosted cost model. */
@ConfigMapping(prefix = "llmsuite.pricing")
public interface PricingConfig {

    Ledger ledger();

    SelfHosted selfHosted();

    interface Ledger {
        /** Off in tests that drive their own {@code LedgerConsumer}. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("pricing-ledger")
        String groupId();

        @WithDefault("2000")
        int maxPollRecords();

        @WithDefault("30s")
        Duration repriceInterval();
    }

    interface SelfHosted {
        /** What the box that runs the suite's models costs, USD per hour. */
        @WithDefault("0.10")
        BigDecimal hardwareCostPerHour();

        /** Throughput used when the generation-service's metrics cannot be read, tokens per second. */
        @WithDefault("5000")
        BigDecimal fallbackTokensPerSecond();

        /** The generation-service's Prometheus endpoint; empty to always use the fallback. */
        Optional<String> metricsUrl();

        /** The gauge (tokens per second) read from that endpoint. */
        @WithDefault("llmsuite_generation_tokens_per_second")
        String throughputMetric();

        /** How long reading that endpoint may take before the fallback is used. */
        @WithDefault("2s")
        Duration metricsTimeout();
    }
}
