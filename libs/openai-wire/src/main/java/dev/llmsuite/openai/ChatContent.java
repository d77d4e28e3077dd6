package dev.llmsuite.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chat message's {@code content} as OpenAI's chat format allows it: a string, or an array of
 * content parts of which the text ones ({@code {"type": "text", "text": "..."}}) are read, in
 * order. Other part types (images, audio) are refused: a text model cannot see them.
 */
public final class ChatContent {

    private ChatContent() {
    }

    /** The text of a message; absent or null content is empty text. */
    public static String text(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiException.badRequest("Invalid type for '" + param + "': expected a string or an array of content parts.", param);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String at = param + "[" + i + "]";
            if (!part.isObject()) {
                throw OpenAiException.badRequest("Invalid type for '" + at + "': expected a content part object.", at);
            }
            if (!"text".equals(part.path("type").asText())) {
                throw OpenAiException.badRequest("Invalid content part '" + at + ".type': only {\"type\": \"text\", \"text\": \"...\"}"
                        + " parts are supported.", at + ".type");
            }
            if (!part.path("text").isTextual()) {
                throw OpenAiException.badRequest("Invalid type for '" + at + ".text': expected a string.", at + ".text");
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }
}
