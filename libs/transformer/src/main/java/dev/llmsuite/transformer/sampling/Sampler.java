package dev.llmsuite.transformer.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns one step's logits into the next token, in a fixed order:
 * <ol>
 *   <li>{@link Penalties}: logit bias, repetition penalty, presence and frequency penalties;</li>
 *   <li>log-probabilities for the response, when asked (see {@link TokenLogprob} for why here);</li>
 *   <li>temperature 0: the argmax, done;</li>
 *   <li>otherwise softmax of logits / temperature, then truncation: top-k (keep the k most likely),
 *       top-p (keep the smallest most-likely prefix whose mass reaches p, after renormalising what
 *       top-k kept), min-p (drop tokens below min_p times the most likely survivor);</li>
 *   <li>a draw from what is left, in proportion to its probability, from a {@link SplittableRandom}
 *       seeded by the request, so the same seed and request give the same tokens.</li>
 * </ol>
 * One sampler serves one sequence: it remembers the tokens it saw for the penalties. Not thread-safe.
 */
public final class Sampler {

    private final SamplingParameters parameters;
    private final Penalties penalties;
    private final SplittableRandom random;
    private final int vocabularySize;

    // Scratch reused every step: the penalised logits, candidate ids and their probabilities.
    private final float[] adjusted;
    private final int[] candidates;
    private final float[] probabilities;

    public Sampler(SamplingParameters parameters, int vocabularySize) {
        this.parameters = parameters;
        this.vocabularySize = vocabularySize;
        this.penalties = new Penalties(parameters, vocabularySize);
        this.random = parameters.seed() == null ? new SplittableRandom() : new SplittableRandom(parameters.seed());
        this.adjusted = new float[vocabularySize];
        this.candidates = new int[vocabularySize];
        this.probabilities = new float[vocabularySize];
    }

    /** Feeds the prompt, so the repetition penalty can see it (presence and frequency only count generated tokens). */
    public void acceptPrompt(int[] promptTokens) {
        for (int token : promptTokens) {
            penalties.remember(token, false);
        }
    }

    /** Chooses the next token from the model's logits (left untouched) and remembers it. */
    public Sample next(float[] logits) {
        if (logits.length < vocabularySize) {
            throw new IllegalArgumentException("Expected " + vocabularySize + " logits, got " + logits.length);
        }
        System.arraycopy(logits, 0, adjusted, 0, vocabularySize);
        penalties.apply(adjusted);
        int token = parameters.greedyDecoding() ? argmax(adjusted) : draw();
        TokenLogprob logprob = parameters.topLogprobs() == null ? null : logprob(token, parameters.topLogprobs());
        penalties.remember(token, true);
        return new Sample(token, logprob);
    }

    private int draw() {
        int count = vocabularySize;
        if (parameters.topK() > 0 && parameters.topK() < count) {
            count = parameters.topK();
            PartialSelection.selectLargest(adjusted, vocabularySize, count, candidates);
        } else {
            for (int i = 0; i < count; i++) {
                candidates[i] = i;
            }
        }
        if (parameters.minP() > 0f && parameters.topP() == 1f) {
            // Without a nucleus to measure first, min-p can work on logits: p >= min_p * p_max is
            // logit / T >= max / T + ln(min_p), and the exponentials of dropped tokens are never computed.
            count = logitsAboveMinP(count, parameters.minP(), parameters.temperature());
        }
        softmaxOverCandidates(count, parameters.temperature());
        if (parameters.topP() < 1f) {
            count = nucleus(count, parameters.topP());
            if (parameters.minP() > 0f) {
                count = aboveMinP(count, parameters.minP());
            }
        }
        double mass = 0;
        for (int i = 0; i < count; i++) {
            mass += probabilities[candidates[i]];
        }
        double target = random.nextDouble() * mass;
        double cumulative = 0;
        for (int i = 0; i < count; i++) {
            cumulative += probabilities[candidates[i]];
            if (target < cumulative) {
                return candidates[i];
            }
        }
        return candidates[count - 1];
    }

    /** probabilities[id] for the first {@code count} candidates, normalised over them. */
    private void softmaxOverCandidates(int count, float temperature) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, adjusted[candidates[i]]);
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            int id = candidates[i];
            float p = (float) Math.exp((adjusted[id] - max) / temperature);
            probabilities[id] = p;
            sum += p;
        }
        float scale = (float) (1 / sum);
        for (int i = 0; i < count; i++) {
            probabilities[candidates[i]] *= scale;
        }
    }

    /** Keeps the most likely candidates until their mass reaches topP (the one crossing it included). */
    private int nucleus(int count, float topP) {
        // A token below (1 - p) / (n - 1) can never be inside the nucleus (llama2.c's observation):
        // dropping those first leaves a short list to sort instead of the whole vocabulary.
        if (count > 1) {
            float cutoff = (1f - topP) / (count - 1);
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (probabilities[candidates[i]] >= cutoff) {
                    candidates[kept++] = candidates[i];
                }
            }
            // Nothing passes only for a near-uniform distribution with tiny p; then nothing was moved either.
            count = kept == 0 ? count : kept;
        }
        PartialSelection.sortDescending(probabilities, candidates, count);
        double cumulative = 0;
        for (int i = 0; i < count; i++) {
            cumulative += probabilities[candidates[i]];
            if (cumulative >= topP) {
                return i + 1;
            }
        }
        return count;
    }

    private int logitsAboveMinP(int count, float minP, float temperature) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, adjusted[candidates[i]]);
        }
        float threshold = max + temperature * (float) Math.log(minP);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (adjusted[candidates[i]] >= threshold) {
                candidates[kept++] = candidates[i];
            }
        }
        return kept;
    }

    private int aboveMinP(int count, float minP) {
        float max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, probabilities[candidates[i]]);
        }
        float threshold = minP * max;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (probabilities[candidates[i]] >= threshold) {
                candidates[kept++] = candidates[i];
            }
        }
        return kept;
    }

    private TokenLogprob logprob(int token, int alternatives) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabularySize; i++) {
            max = Math.max(max, adjusted[i]);
        }
        double sum = 0;
        for (int i = 0; i < vocabularySize; i++) {
            sum += Math.exp(adjusted[i] - max);
        }
        float logSum = (float) (max + Math.log(sum));
        List<TokenLogprob.Alternative> top = new ArrayList<>(alternatives);
        if (alternatives > 0) {
            int n = Math.min(alternatives, vocabularySize);
            PartialSelection.selectLargest(adjusted, vocabularySize, n, candidates);
            PartialSelection.sortDescending(adjusted, candidates, n);
            for (int i = 0; i < n; i++) {
                top.add(new TokenLogprob.Alternative(candidates[i], adjusted[candidates[i]] - logSum));
            }
        }
        return new TokenLogprob(token, adjusted[token] - logSum, List.copyOf(top));
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
