package dev.llmsuite.transformer.sampling;

import java.util.Arrays;
import java.util.Map;

/**
 * The logit adjustments that depend on what came before, applied in this order:
 * <ol>
 *   <li>logit bias: the caller's fixed offset per token id (OpenAI: -100 bans, +100 forces);</li>
 *   <li>repetition penalty (llama.cpp): a token seen in the last {@link SamplingParameters#REPETITION_WINDOW}
 *       tokens of the context, prompt included, has a positive logit divided by the penalty and a
 *       negative one multiplied by it, so it always becomes less likely;</li>
 *   <li>presence and frequency penalties (OpenAI): {@code logit -= count * frequency + (count > 0) * presence},
 *       where count is how often the token was generated so far (the prompt does not count).</li>
 * </ol>
 * Work per step is proportional to the distinct tokens seen, not to the vocabulary.
 */
final class Penalties {

    private final int[] biasIds;
    private final float[] biasValues;
    private final float repetitionPenalty;
    private final float presencePenalty;
    private final float frequencyPenalty;

    private final int[] window = new int[SamplingParameters.REPETITION_WINDOW];
    private final int[] windowCounts;
    private int windowFilled;
    private int windowNext;

    private final int[] generatedCounts;
    private int[] generatedDistinct = new int[16];
    private int generatedDistinctSize;

    Penalties(SamplingParameters parameters, int vocabularySize) {
        this.repetitionPenalty = parameters.repetitionPenalty();
        this.presencePenalty = parameters.presencePenalty();
        this.frequencyPenalty = parameters.frequencyPenalty();
        this.biasIds = new int[parameters.logitBias().size()];
        this.biasValues = new float[biasIds.length];
        int i = 0;
        for (Map.Entry<Integer, Float> bias : parameters.logitBias().entrySet()) {
            if (bias.getKey() < 0 || bias.getKey() >= vocabularySize) {
                throw new IllegalArgumentException("logit_bias names token " + bias.getKey()
                        + ", outside this model's vocabulary of " + vocabularySize + " tokens");
            }
            biasIds[i] = bias.getKey();
            biasValues[i++] = bias.getValue();
        }
        this.windowCounts = repetitionPenalty == 1f ? null : new int[vocabularySize];
        this.generatedCounts = presencePenalty == 0f && frequencyPenalty == 0f ? null : new int[vocabularySize];
    }

    /** Records a token of the context; {@code generated} is false for prompt tokens. */
    void remember(int token, boolean generated) {
        if (windowCounts != null) {
            if (windowFilled == window.length) {
                windowCounts[window[windowNext]]--;
            } else {
                windowFilled++;
            }
            window[windowNext] = token;
            windowCounts[token]++;
            windowNext = (windowNext + 1) % window.length;
        }
        if (generated && generatedCounts != null) {
            if (generatedCounts[token]++ == 0) {
                if (generatedDistinctSize == generatedDistinct.length) {
                    generatedDistinct = Arrays.copyOf(generatedDistinct, generatedDistinctSize * 2);
                }
                generatedDistinct[generatedDistinctSize++] = token;
            }
        }
    }

    void apply(float[] logits) {
        for (int i = 0; i < biasIds.length; i++) {
            logits[biasIds[i]] += biasValues[i];
        }
        if (windowCounts != null) {
            applyRepetition(logits);
        }
        if (generatedCounts != null) {
            for (int i = 0; i < generatedDistinctSize; i++) {
                int token = generatedDistinct[i];
                logits[token] -= generatedCounts[token] * frequencyPenalty + presencePenalty;
            }
        }
    }

    private void applyRepetition(float[] logits) {
        // A token may sit in the window several times but is penalised once: windowCounts is
        // negated while visiting and restored afterwards instead of allocating a "seen" set.
        for (int i = 0; i < windowFilled; i++) {
            int token = window[i];
            if (windowCounts[token] > 0) {
                float logit = logits[token];
                logits[token] = logit > 0 ? logit / repetitionPenalty : logit * repetitionPenalty;
                windowCounts[token] = -windowCounts[token];
            }
        }
        for (int i = 0; i < windowFilled; i++) {
            int token = window[i];
            if (windowCounts[token] < 0) {
                windowCounts[token] = -windowCounts[token];
            }
        }
    }
}
