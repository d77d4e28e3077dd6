package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many prompt tokens one request has for one model, and how sure that number is.
 *
 * @param encoding the encoding counted with, or {@code null} when the caller gave the count
 * @param exact    false when the model's own tokenizer is not public and the count is approximated
 * @param method   how the number was obtained
 */
public record TokenCount(
        @JsonProperty("tokens") long tokens,
        @JsonProperty("encoding") String encoding,
        @JsonProperty("exact") boolean exact,
        @JsonProperty("method") String method) {
}
