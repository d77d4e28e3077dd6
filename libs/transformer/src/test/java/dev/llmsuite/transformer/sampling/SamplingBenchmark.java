package dev.llmsuite.transformer.sampling;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Cost of one sampling step over a Llama-sized vocabulary (32,000 logits), ours against the
 * textbook nucleus sampler that sorts the whole vocabulary every step (the peer), on the same
 * logits. Run: see docs/readme-gensvc.md. Last line: {@code RESULT sampling ...}.
 */
public final class SamplingBenchmark {

    private static final int VOCABULARY = 32_000;
    private static final int STEPS = 2_000;

    private SamplingBenchmark() {
    }

    public static void main(String[] args) {
        float[][] logits = new float[16][VOCABULARY];
        Random random = new Random(1);
        for (float[] row : logits) {
            for (int i = 0; i < VOCABULARY; i++) {
                row[i] = (float) random.nextGaussian() * 4;
            }
        }
        SamplingParameters nucleus = SamplingParameters.temperature(0.8f, 1).withTopP(0.9f);
        double greedy = nanosPerStep(SamplingParameters.greedy(), logits);
        double topK = nanosPerStep(SamplingParameters.temperature(0.8f, 1).withTopK(40), logits);
        double topP = nanosPerStep(nucleus, logits);
        double minP = nanosPerStep(SamplingParameters.temperature(0.8f, 1).withMinP(0.05f), logits);
        double withLogprobs = nanosPerStep(nucleus.withTopLogprobs(20), logits);
        double fullSort = fullSortNanosPerStep(logits, 0.8f, 0.9f);
        System.out.printf("vocabulary %d, %d steps each, microseconds per step:%n", VOCABULARY, STEPS);
        System.out.printf("  greedy            %8.1f%n", greedy / 1e3);
        System.out.printf("  top-k 40          %8.1f%n", topK / 1e3);
        System.out.printf("  top-p 0.9         %8.1f%n", topP / 1e3);
        System.out.printf("  min-p 0.05        %8.1f%n", minP / 1e3);
        System.out.printf("  top-p + 20 logprobs %6.1f%n", withLogprobs / 1e3);
        System.out.printf("  peer: full sort, top-p 0.9 %6.1f%n", fullSort / 1e3);
        System.out.printf("RESULT sampling top_p_us=%.1f full_sort_us=%.1f speedup_vs_full_sort=%.1f%n",
                topP / 1e3, fullSort / 1e3, fullSort / topP);
    }

    private static double nanosPerStep(SamplingParameters parameters, float[][] logits) {
        Sampler sampler = new Sampler(parameters, VOCABULARY);
        long sink = 0;
        for (int i = 0; i < STEPS; i++) {
            sink += sampler.next(logits[i % logits.length]).token();
        }
        long start = System.nanoTime();
        for (int i = 0; i < STEPS; i++) {
            sink += sampler.next(logits[i % logits.length]).token();
        }
        long elapsed = System.nanoTime() - start;
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        return (double) elapsed / STEPS;
    }

    /** The peer: softmax, sort all ids by probability, accumulate to top_p, draw. */
    private static double fullSortNanosPerStep(float[][] logits, float temperature, float topP) {
        SplittableRandom random = new SplittableRandom(1);
        long sink = 0;
        long start = 0;
        for (int i = 0; i < 2 * STEPS; i++) {
            if (i == STEPS) {
                start = System.nanoTime();
            }
            float[] row = logits[i % logits.length];
            float max = Float.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, v);
            }
            float[] p = new float[VOCABULARY];
            double sum = 0;
            for (int t = 0; t < VOCABULARY; t++) {
                p[t] = (float) Math.exp((row[t] - max) / temperature);
                sum += p[t];
            }
            long[] keys = new long[VOCABULARY];
            for (int t = 0; t < VOCABULARY; t++) {
                p[t] /= (float) sum;
                keys[t] = (long) Float.floatToIntBits(p[t]) << 32 | t;
            }
            Arrays.sort(keys);
            double cumulative = 0;
            int kept = 0;
            while (cumulative < topP && kept < VOCABULARY) {
                cumulative += p[(int) keys[VOCABULARY - 1 - kept++]];
            }
            double target = random.nextDouble() * cumulative;
            double walk = 0;
            int chosen = (int) keys[VOCABULARY - 1];
            for (int r = 0; r < kept; r++) {
                int id = (int) keys[VOCABULARY - 1 - r];
                walk += p[id];
                if (target < walk) {
                    chosen = id;
                    break;
                }
            }
            sink += chosen;
        }
        long elapsed = System.nanoTime() - start;
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        return (double) elapsed / STEPS;
    }
}
