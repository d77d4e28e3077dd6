package dev.llmsuite.pricing.selfhosted;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * What a million tokens cost on your own box: {@code cost_per_hour / (tokens_per_second * 3600) * 1,000,000},
 * rounded HALF_EVEN to the catalog's six decimals (micro-USD per token).
 */
public final class SelfHostedPrice {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private SelfHostedPrice() {
    }

    public static BigDecimal perMillionTokens(BigDecimal costPerHourUsd, BigDecimal tokensPerSecond) {
        if (tokensPerSecond.signum() <= 0) {
            throw new IllegalArgumentException("throughput must be positive, got " + tokensPerSecond + " tokens/s");
        }
        BigDecimal tokensPerHour = tokensPerSecond.multiply(SECONDS_PER_HOUR);
        return costPerHourUsd.multiply(MILLION).divide(tokensPerHour, MathContext.DECIMAL128).setScale(6, RoundingMode.HALF_EVEN);
    }
}
