package dev.llmsuite.generation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A {@code chat.completion} object and its streamed counterpart, the {@code chat.completion.chunk}. */
public record ChatCompletionResponse(String id, String object, long created, String model,
                                     @JsonProperty("system_fingerprint") String systemFingerprint,
                                     List<Choice> choices, @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    /** A choice carries {@code message} in a response and {@code delta} in a chunk; the other is omitted. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Choice(int index,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Message message,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Message delta,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs logprobs,
                         @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason") String finishReason) {
    }

    /** In a delta, role appears only in the first chunk and content is absent in the last. */
    public record Message(@JsonInclude(JsonInclude.Include.NON_NULL) String role,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String content) {
    }

    public record Logprobs(List<TokenLogprob> content) {
    }

    public record TokenLogprob(String token, float logprob, List<Integer> bytes,
                               @JsonProperty("top_logprobs") List<TopLogprob> topLogprobs) {
    }

    public record TopLogprob(String token, float logprob, List<Integer> bytes) {
    }
}
