package dev.llmsuite.pricing.estimate;

import dev.llmsuite.openai.ChatContent;
import dev.llmsuite.openai.OpenAiException;
import java.util.ArrayList;
import java.util.List;

/** The prompt of an estimate: texts to count (with chat framing tokens), or a token count the caller already knows. */
record Prompt(List<String> texts, long framingTokens, Long givenTokens) {

    static Prompt of(String text, List<ChatMessage> messages, Long inputTokens) {
        int given = (text != null ? 1 : 0) + (messages != null ? 1 : 0) + (inputTokens != null ? 1 : 0);
        if (given != 1) {
            throw OpenAiException.badRequest("Give exactly one of 'text', 'messages' or 'input_tokens'.", "text");
        }
        if (inputTokens != null) {
            if (inputTokens < 0) {
                throw OpenAiException.badRequest("'input_tokens' must not be negative.", "input_tokens");
            }
            return new Prompt(List.of(), 0, inputTokens);
        }
        if (text != null) {
            return new Prompt(List.of(text), 0, null);
        }
        if (messages.isEmpty()) {
            throw OpenAiException.badRequest("'messages' must hold at least one message.", "messages");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String param = "messages[" + i + "]";
            if (message == null) {
                throw OpenAiException.badRequest("'" + param + "' must be a message object with a 'role' and a 'content'.", param);
            }
            if (message.role() == null) {
                throw OpenAiException.badRequest("'" + param + ".role' is required.", param + ".role");
            }
            if (message.content() == null || message.content().isNull()) {
                throw OpenAiException.badRequest("'" + param + ".content' is required: a string or an array of text parts.",
                        param + ".content");
            }
            texts.add(message.role());
            texts.add(ChatContent.text(message.content(), param + ".content"));
        }
        return new Prompt(texts, (long) Estimator.TOKENS_PER_MESSAGE * messages.size() + Estimator.REPLY_PRIMING_TOKENS, null);
    }
}
