package dev.llmsuite.generation.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * OpenAI's {@code POST /v1/chat/completions} body. A message's {@code content} is text or a list
 * of parts ({@code {"type":"text","text":...}}), so it stays JSON until validated.
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
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
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        String user,
        JsonNode tools,
        @JsonProperty("response_format") JsonNode responseFormat,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("min_p") Double minP,
        @JsonProperty("repetition_penalty") Double repetitionPenalty) {

    public record Message(String role, JsonNode content, String name) {
    }
}
