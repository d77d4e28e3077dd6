package dev.llmsuite.transformer.sampling;

/** Pearson's goodness-of-fit test, for checking observed draw counts against a distribution. */
final class ChiSquare {

    /** Standard normal quantile at 1 - 1e-4: a false alarm once in ten thousand runs. */
    private static final double Z_CRITICAL = 3.719;

    private ChiSquare() {
    }

    static double statistic(long[] observed, double[] expectedProbabilities, long draws) {
        double chi2 = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = expectedProbabilities[i] * draws;
            if (expected == 0) {
                if (observed[i] != 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double d = observed[i] - expected;
            chi2 += d * d / expected;
        }
        return chi2;
    }

    /**
     * Critical value of the chi-square distribution, by the Wilson-Hilferty cube-root
     * approximation (accurate to well under 1% for the few-to-dozens degrees of freedom used here).
     */
    static double critical(int degreesOfFreedom) {
        double k = degreesOfFreedom;
        double a = 2.0 / (9.0 * k);
        double cube = 1 - a + Z_CRITICAL * Math.sqrt(a);
        return k * cube * cube * cube;
    }

    static int degreesOfFreedom(double[] expectedProbabilities) {
        int support = 0;
        for (double p : expectedProbabilities) {
            if (p > 0) {
                support++;
            }
        }
        return support - 1;
    }
}
