package dev.llmsuite.transformer.sampling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draws many tokens from fixed logits and checks the frequencies against each truncation rule,
 * with the expected probabilities computed here straight from the rule's definition
 * (full softmax, full sort) rather than from the sampler's own code path.
 */
class SamplerDistributionTest {

    private static final float[] LOGITS = {2.0f, 1.5f, 1.4f, 0.3f, -0.2f, -1.0f, 0.9f, -3.0f, 1.0f, 0.0f};
    private static final int DRAWS = 60_000;

    @Test
    void temperatureScalesTheSoftmax() {
        for (float t : new float[]{0.3f, 1.0f, 1.8f}) {
            assertMatches(SamplingParameters.temperature(t, 42), softmax(LOGITS, t));
        }
    }

    @Test
    void topKKeepsOnlyTheKMostLikely() {
        double[] p = softmax(LOGITS, 0.9f);
        keepMostLikely(p, 4);
        assertMatches(SamplingParameters.temperature(0.9f, 7).withTopK(4), normalised(p));
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        for (float topP : new float[]{0.5f, 0.8f, 0.95f}) {
            double[] p = softmax(LOGITS, 1.0f);
            Integer[] order = byDescending(p);
            double cumulative = 0;
            int keep = 0;
            while (cumulative < topP) {
                cumulative += p[order[keep++]];
            }
            keepMostLikely(p, keep);
            assertMatches(SamplingParameters.temperature(1.0f, 11).withTopP(topP), normalised(p));
        }
    }

    @Test
    void minPDropsTokensFarBelowTheBest() {
        double[] p = softmax(LOGITS, 1.2f);
        double best = Arrays.stream(p).max().orElseThrow();
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0.25 * best) {
                p[i] = 0;
            }
        }
        assertMatches(SamplingParameters.temperature(1.2f, 13).withMinP(0.25f), normalised(p));
    }

    @Test
    void truncationsComposeInOrder() {
        double[] p = softmax(LOGITS, 1.5f);
        keepMostLikely(p, 6);
        p = normalised(p);
        Integer[] order = byDescending(p);
        double cumulative = 0;
        int keep = 0;
        while (cumulative < 0.9) {
            cumulative += p[order[keep++]];
        }
        keepMostLikely(p, keep);
        double best = Arrays.stream(p).max().orElseThrow();
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0.3 * best) {
                p[i] = 0;
            }
        }
        assertMatches(SamplingParameters.temperature(1.5f, 17).withTopK(6).withTopP(0.9f).withMinP(0.3f), normalised(p));
    }

    @Test
    void sameSeedSameTokensOtherSeedOtherTokens() {
        int[] first = drawSequence(SamplingParameters.temperature(1.0f, 1234), 200);
        int[] again = drawSequence(SamplingParameters.temperature(1.0f, 1234), 200);
        int[] other = drawSequence(SamplingParameters.temperature(1.0f, 4321), 200);
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void temperatureZeroIsArgmax() {
        Sampler sampler = new Sampler(SamplingParameters.greedy(), LOGITS.length);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, sampler.next(LOGITS).token());
        }
    }

    @Test
    void nucleusWithTinyPOnAFlatDistributionStillChoosesSomething() {
        float[] flat = new float[8];
        Sampler sampler = new Sampler(SamplingParameters.temperature(1.0f, 3).withTopP(0.01f), flat.length);
        int token = sampler.next(flat).token();
        assertTrue(token >= 0 && token < flat.length);
    }

    private static int[] drawSequence(SamplingParameters parameters, int steps) {
        Sampler sampler = new Sampler(parameters, LOGITS.length);
        return IntStream.range(0, steps).map(i -> sampler.next(LOGITS).token()).toArray();
    }

    private static void assertMatches(SamplingParameters parameters, double[] expected) {
        Sampler sampler = new Sampler(parameters, LOGITS.length);
        long[] counts = new long[LOGITS.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[sampler.next(LOGITS).token()]++;
        }
        double chi2 = ChiSquare.statistic(counts, expected, DRAWS);
        int df = ChiSquare.degreesOfFreedom(expected);
        double critical = ChiSquare.critical(Math.max(df, 1));
        assertTrue(chi2 < critical, () -> "chi-square " + chi2 + " >= " + critical + " for " + parameters
                + "\nobserved " + Arrays.toString(counts) + "\nexpected " + Arrays.toString(expected));
    }

    private static double[] softmax(float[] logits, float temperature) {
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static Integer[] byDescending(double[] p) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        return order;
    }

    private static void keepMostLikely(double[] p, int keep) {
        Integer[] order = byDescending(p);
        for (int rank = keep; rank < order.length; rank++) {
            p[order[rank]] = 0;
        }
    }

    private static double[] normalised(double[] p) {
        double sum = Arrays.stream(p).sum();
        return Arrays.stream(p).map(x -> x / sum).toArray();
    }
}
