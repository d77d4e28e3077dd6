package dev.llmsuite.generation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A {@code text_completion} object; the same shape is used for each streamed chunk, where
 * {@code usage} is null except in the optional last chunk.
 */
public record CompletionResponse(String id, String object, long created, String model,
                                 @JsonProperty("system_fingerprint") String systemFingerprint,
                                 List<Choice> choices, @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(String text, int index, Logprobs logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    /** The legacy completions logprobs layout: parallel lists, one entry per token. */
    public record Logprobs(List<String> tokens,
                           @JsonProperty("token_logprobs") List<Float> tokenLogprobs,
                           @JsonProperty("top_logprobs") List<Map<String, Float>> topLogprobs,
                           @JsonProperty("text_offset") List<Integer> textOffset) {
    }
}
