package dev.llmsuite.pricing.selfhosted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class SelfHostedPriceTest {

    @Test
    void pricePerMillionIsHourlyCostOverTokensPerHour() {
        // USD 0.10/hour at 5,000 tokens/s: 18M tokens an hour, so USD 0.10 / 18 per million
        BigDecimal expected = new BigDecimal("0.10").divide(new BigDecimal("18"), 6, RoundingMode.HALF_EVEN);
        assertEquals(expected, SelfHostedPrice.perMillionTokens(new BigDecimal("0.10"), new BigDecimal("5000")));
        // A USD 4/hour GPU at 2,222.22 tokens/s lands near the lesson's ~USD 0.50 for a self-hosted 70B model
        BigDecimal gpu = SelfHostedPrice.perMillionTokens(new BigDecimal("4.00"), new BigDecimal("2222.22"));
        assertEquals(0, gpu.setScale(2, RoundingMode.HALF_EVEN).compareTo(new BigDecimal("0.50")));
    }

    @Test
    void throughputIsTheMeanOfTheGenerationServicesSummary() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DistributionSummary speeds = DistributionSummary.builder("llmsuite.generation.tokens_per_second").tag("model", "stories260k").register(registry);
        speeds.record(1000);
        speeds.record(1500);
        DistributionSummary other = DistributionSummary.builder("llmsuite.generation.tokens_per_second").tag("model", "other").register(registry);
        other.record(500);

        Throughput throughput = Throughput.fromExposition(registry.scrape(), "llmsuite_generation_tokens_per_second", "http://gen/q/metrics").orElseThrow();
        assertEquals(0, throughput.tokensPerSecond().compareTo(new BigDecimal("1000")));
        assertTrue(throughput.source().startsWith("measured: mean of 3 generations"));
        assertTrue(Throughput.fromExposition("# nothing here\n", "llmsuite_generation_tokens_per_second", "u").isEmpty());
    }
}
