package dev.llmsuite.pricing.estimate;

/** One chat message as in OpenAI's chat completions request. */
public record ChatMessage(String role, String content) {
}
