package dev.llmsuite.generation.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token accounting in OpenAI's shape. */
public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
                    @JsonProperty("completion_tokens") long completionTokens,
                    @JsonProperty("total_tokens") long totalTokens) {

    public static Usage of(long prompt, long completion) {
        return new Usage(prompt, completion, prompt + completion);
    }
}
