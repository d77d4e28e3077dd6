package dev.llmsuite.tokens.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The decoded text. Token ids can end inside a UTF-8 character; then {@code valid_utf8} is false,
 * {@code text} shows U+FFFD for the broken bytes (as tiktoken's decode does) and
 * {@code bytes_base64} carries the exact bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DetokenizeResponse(
        String object,
        String encoding,
        String text,
        @JsonProperty("valid_utf8") boolean validUtf8,
        @JsonProperty("bytes_base64") String bytesBase64) {
}
