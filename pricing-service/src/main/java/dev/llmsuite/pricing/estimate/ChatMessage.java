package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.databind.JsonNode;

/** One chat message as in OpenAI's chat completions request: {@code content} is text or an array of content parts. */
public record ChatMessage(String role, JsonNode content) {
}
