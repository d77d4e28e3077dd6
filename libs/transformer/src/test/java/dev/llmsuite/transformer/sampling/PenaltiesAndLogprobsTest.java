package dev.llmsuite.transformer.sampling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Penalties and log-probabilities, checked against the published formulas evaluated in the test. */
class PenaltiesAndLogprobsTest {

    private static final float[] LOGITS = {3.0f, 2.9f, -0.5f, 1.0f, -2.0f};

    @Test
    void logitBiasCanForceOrBanAToken() {
        Sampler forced = new Sampler(SamplingParameters.greedy().withLogitBias(Map.of(4, 100f)), LOGITS.length);
        assertEquals(4, forced.next(LOGITS).token());
        Sampler banned = new Sampler(SamplingParameters.greedy().withLogitBias(Map.of(0, -100f)), LOGITS.length);
        assertEquals(1, banned.next(LOGITS).token());
    }

    @Test
    void logitBiasOutsideTheVocabularyIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new Sampler(SamplingParameters.greedy().withLogitBias(Map.of(5, 1f)), LOGITS.length));
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        float penalty = 1.5f;
        SamplingParameters parameters = SamplingParameters.greedy().withPenalties(penalty, 0f, 0f).withTopLogprobs(LOGITS.length);
        Sampler sampler = new Sampler(parameters, LOGITS.length);
        sampler.acceptPrompt(new int[]{0, 2, 0});
        TokenLogprob logprob = sampler.next(LOGITS).logprob();

        float[] expected = LOGITS.clone();
        expected[0] = LOGITS[0] / penalty;
        expected[2] = LOGITS[2] * penalty;
        assertEquals(1, logprob.token());
        assertLogprobsOf(expected, logprob);
    }

    @Test
    void presenceAndFrequencyPenaltiesFollowOpenAisFormula() {
        float presence = 0.7f;
        float frequency = 0.4f;
        SamplingParameters parameters = SamplingParameters.greedy().withPenalties(1f, presence, frequency).withTopLogprobs(3);
        Sampler sampler = new Sampler(parameters, LOGITS.length);
        sampler.acceptPrompt(new int[]{1, 1, 1});
        int[] generated = new int[3];
        TokenLogprob last = null;
        for (int step = 0; step < 3; step++) {
            Sample sample = sampler.next(LOGITS);
            generated[step] = sample.token();
            last = sample.logprob();
        }
        // Step 1: nothing generated yet -> token 0. Step 2: token 0 has 3.0 - 0.4 - 0.7 = 1.9 < 2.9 -> token 1.
        // Step 3: token 0 at 1.9 and token 1 at 2.9 - 1.1 = 1.8 -> token 0.
        assertArrayEquals(new int[]{0, 1, 0}, generated);
        float[] beforeThirdStep = LOGITS.clone();
        beforeThirdStep[0] -= frequency + presence;
        beforeThirdStep[1] -= frequency + presence;
        assertLogprobsOf(beforeThirdStep, last);
    }

    @Test
    void logprobsIgnoreTemperatureAndListTheBestAlternativesInOrder() {
        Random random = new Random(5);
        float[] logits = new float[1000];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian() * 3;
        }
        Sampler sampler = new Sampler(SamplingParameters.temperature(1.7f, 9).withTopLogprobs(20), logits.length);
        Sample sample = sampler.next(logits);
        assertEquals(20, sample.logprob().top().size());
        assertLogprobsOf(logits, sample.logprob());
    }

    @Test
    void partialSelectionFindsTheSameTopKAsAFullSort() {
        Random random = new Random(21);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(3000);
            int k = 1 + random.nextInt(n);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(200) - 100.5f;
            }
            int[] indices = new int[k];
            PartialSelection.selectLargest(scores, n, k, indices);
            PartialSelection.sortDescending(scores, indices, k);
            float[] selected = new float[k];
            for (int i = 0; i < k; i++) {
                selected[i] = scores[indices[i]];
            }
            float[] sorted = scores.clone();
            Arrays.sort(sorted);
            float[] expected = new float[k];
            for (int i = 0; i < k; i++) {
                expected[i] = sorted[n - 1 - i];
            }
            assertArrayEquals(expected, selected);
        }
    }

    /** The chosen token's and the listed alternatives' values equal log-softmax of {@code penalised}. */
    private static void assertLogprobsOf(float[] penalised, TokenLogprob logprob) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : penalised) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : penalised) {
            sum += Math.exp(v - max);
        }
        double logSum = max + Math.log(sum);
        assertEquals(penalised[logprob.token()] - logSum, logprob.logprob(), 1e-5);
        Integer[] order = IntStream.range(0, penalised.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Float.compare(penalised[b], penalised[a]));
        for (int rank = 0; rank < logprob.top().size(); rank++) {
            TokenLogprob.Alternative alternative = logprob.top().get(rank);
            assertEquals(penalised[order[rank]], penalised[alternative.token()], 0f);
            assertEquals(penalised[order[rank]] - logSum, alternative.logprob(), 1e-5);
        }
    }
}
