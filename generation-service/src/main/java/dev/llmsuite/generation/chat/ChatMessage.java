package dev.llmsuite.generation.chat;

/** One turn of a conversation, already reduced to plain text. Roles: system, user, assistant (developer counts as system). */
public record ChatMessage(String role, String content) {
}
