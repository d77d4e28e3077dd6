package dev.llmsuite.transformer.sampling;

import java.util.Map;

/**
 * How one sequence chooses its next token. The neutral value of every knob switches its step off:
 * temperature 0 is greedy argmax, top_p 1, top_k 0, min_p 0, repetition penalty 1, presence and
 * frequency penalties 0. Ranges follow OpenAI's API (and llama.cpp for the extensions) and are
 * checked here, so a sampler is never built from nonsense.
 *
 * @param temperature       in [0, 2]; divides the logits before the softmax
 * @param topP              in (0, 1]; keep the smallest set of most likely tokens whose mass reaches it
 * @param topK              0 = off, else keep only the k most likely tokens
 * @param minP              in [0, 1]; drop tokens less likely than min_p times the most likely one
 * @param repetitionPenalty > 0; llama.cpp's penalty over the last {@link #REPETITION_WINDOW} tokens
 * @param presencePenalty   in [-2, 2]; OpenAI's flat penalty for any token already generated
 * @param frequencyPenalty  in [-2, 2]; OpenAI's penalty per earlier occurrence in the generated text
 * @param logitBias         token id to a bias in [-100, 100], added to the raw logit
 * @param seed              the random stream's seed, or null for an unpredictable one
 * @param topLogprobs       null = no log-probabilities; else report the chosen token plus this many
 *                          alternatives (0 to {@link #MAX_TOP_LOGPROBS})
 */
public record SamplingParameters(float temperature, float topP, int topK, float minP,
                                 float repetitionPenalty, float presencePenalty, float frequencyPenalty,
                                 Map<Integer, Float> logitBias, Long seed, Integer topLogprobs) {

    /** llama.cpp's default {@code penalty_last_n}: repetition is judged over this many recent tokens. */
    public static final int REPETITION_WINDOW = 64;
    public static final int MAX_TOP_LOGPROBS = 20;

    public SamplingParameters {
        require(temperature >= 0 && temperature <= 2, "temperature must be in [0, 2], got " + temperature);
        require(topP > 0 && topP <= 1, "top_p must be in (0, 1], got " + topP);
        require(topK >= 0, "top_k must be >= 0, got " + topK);
        require(minP >= 0 && minP <= 1, "min_p must be in [0, 1], got " + minP);
        require(repetitionPenalty > 0, "repetition_penalty must be > 0, got " + repetitionPenalty);
        require(presencePenalty >= -2 && presencePenalty <= 2, "presence_penalty must be in [-2, 2], got " + presencePenalty);
        require(frequencyPenalty >= -2 && frequencyPenalty <= 2, "frequency_penalty must be in [-2, 2], got " + frequencyPenalty);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        for (Map.Entry<Integer, Float> bias : logitBias.entrySet()) {
            require(bias.getValue() >= -100 && bias.getValue() <= 100,
                    "logit_bias for token " + bias.getKey() + " must be in [-100, 100], got " + bias.getValue());
        }
        require(topLogprobs == null || topLogprobs >= 0 && topLogprobs <= MAX_TOP_LOGPROBS,
                "top_logprobs must be in [0, " + MAX_TOP_LOGPROBS + "], got " + topLogprobs);
    }

    /** Always the most likely token: what extraction and classification want. */
    public static SamplingParameters greedy() {
        return new SamplingParameters(0f, 1f, 0, 0f, 1f, 0f, 0f, Map.of(), null, null);
    }

    /** Plain temperature sampling with a fixed seed and every other step off. */
    public static SamplingParameters temperature(float temperature, long seed) {
        return new SamplingParameters(temperature, 1f, 0, 0f, 1f, 0f, 0f, Map.of(), seed, null);
    }

    public SamplingParameters withTopK(int k) {
        return new SamplingParameters(temperature, topP, k, minP, repetitionPenalty, presencePenalty, frequencyPenalty, logitBias, seed, topLogprobs);
    }

    public SamplingParameters withTopP(float p) {
        return new SamplingParameters(temperature, p, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty, logitBias, seed, topLogprobs);
    }

    public SamplingParameters withMinP(float p) {
        return new SamplingParameters(temperature, topP, topK, p, repetitionPenalty, presencePenalty, frequencyPenalty, logitBias, seed, topLogprobs);
    }

    public SamplingParameters withPenalties(float repetition, float presence, float frequency) {
        return new SamplingParameters(temperature, topP, topK, minP, repetition, presence, frequency, logitBias, seed, topLogprobs);
    }

    public SamplingParameters withLogitBias(Map<Integer, Float> bias) {
        return new SamplingParameters(temperature, topP, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty, bias, seed, topLogprobs);
    }

    public SamplingParameters withSeed(Long newSeed) {
        return new SamplingParameters(temperature, topP, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty, logitBias, newSeed, topLogprobs);
    }

    public SamplingParameters withTopLogprobs(Integer n) {
        return new SamplingParameters(temperature, topP, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty, logitBias, seed, n);
    }

    public boolean greedyDecoding() {
        return temperature == 0f;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
