package dev.llmsuite.pricing.estimate;

import java.math.BigDecimal;

/** Estimates show exact amounts: never rounded, trailing zeros trimmed down to cents (125.00, 0.00125). */
final class Usd {

    private Usd() {
    }

    static BigDecimal exact(BigDecimal usd) {
        BigDecimal stripped = usd.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale()));
    }
}
