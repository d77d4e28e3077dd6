package dev.llmsuite.generation.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code stream_options}: with {@code include_usage} a last chunk carries the token usage. */
public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
}
