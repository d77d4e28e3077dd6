package dev.llmsuite.pricing.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as a whole number of micro-dollars (1 USD = 1,000,000 micro-USD), the unit the ledger stores.
 *
 * <p>Integers make sums exact: a report total is the plain sum of its rows, so it can never drift from them.
 * Conversions from exact decimals round once, HALF_EVEN (banker's rounding), so half-micro cases do not bias
 * a large ledger upward.
 */
public final class MicroUsd {

    public static final int SCALE = 6;
    private static final BigDecimal PER_USD = BigDecimal.ONE.movePointRight(SCALE);

    private MicroUsd() {
    }

    /** Rounds an exact USD amount to whole micro-dollars, HALF_EVEN. */
    public static long fromUsd(BigDecimal usd) {
        return usd.movePointRight(SCALE).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** The USD amount, always with six decimals, e.g. {@code 125.000000}. */
    public static BigDecimal toUsd(long micros) {
        return BigDecimal.valueOf(micros, SCALE);
    }

    /**
     * Reads a USD amount given by a user (a budget, a price), refusing what cannot be stored exactly.
     *
     * @throws IllegalArgumentException for negative amounts or more than six decimals
     */
    public static long parseUsd(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        if (usd.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("must have at most " + SCALE + " decimals (micro-dollars)");
        }
        return usd.multiply(PER_USD).longValueExact();
    }
}
