package dev.llmsuite.pricing.money;

import java.math.BigDecimal;

/**
 * A price in USD per one million tokens, the way providers publish it (GPT-4o input: 2.50).
 *
 * <p>USD per million tokens is numerically micro-USD per token, so the exact cost of {@code n} tokens in
 * micro-dollars is simply {@code n * usdPerMillion}. The ledger keeps it unrounded; money is rounded where it
 * is shown ({@link MicroUsd#fromUsd}), once per report line.
 */
public record PricePerMillion(BigDecimal usd) {

    /** Far above any real price; it keeps every cost an exact decimal of modest size. */
    public static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000);

    public PricePerMillion {
        if (usd == null || usd.signum() < 0) {
            throw new IllegalArgumentException("price per 1M tokens must be zero or positive");
        }
        if (usd.stripTrailingZeros().scale() > MicroUsd.SCALE) {
            throw new IllegalArgumentException("price per 1M tokens must have at most " + MicroUsd.SCALE + " decimals");
        }
        if (usd.compareTo(MAX_USD) > 0) {
            throw new IllegalArgumentException("price per 1M tokens must be at most " + MAX_USD.toPlainString() + " USD");
        }
    }

    public static PricePerMillion of(String usd) {
        return new PricePerMillion(new BigDecimal(usd));
    }

    /** The exact cost in USD, unrounded: what the ledger stores and an estimate shows. */
    public BigDecimal exactUsd(long tokens) {
        return usd.multiply(BigDecimal.valueOf(tokens)).movePointLeft(MicroUsd.SCALE);
    }
}
