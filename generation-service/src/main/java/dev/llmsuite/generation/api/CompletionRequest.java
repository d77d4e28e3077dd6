package dev.llmsuite.generation.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * OpenAI's {@code POST /v1/completions} body. {@code prompt} and {@code stop} take several shapes
 * (text, list of texts, token ids, list of token id lists), so they stay JSON until validated.
 * {@code top_k}, {@code min_p} and {@code repetition_penalty} are llama.cpp-style extensions.
 */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Long seed,
        JsonNode stop,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("logit_bias") Map<String, Double> logitBias,
        Integer logprobs,
        Boolean echo,
        String suffix,
        @JsonProperty("best_of") Integer bestOf,
        String user,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("min_p") Double minP,
        @JsonProperty("repetition_penalty") Double repetitionPenalty) {
}
