package dev.llmsuite.tokens.text;

import dev.llmsuite.openai.OpenAiException;

import java.util.List;

/**
 * The texts of a tokenize or count request: one {@code text} or a batch of {@code texts}, within
 * the configured limits. A limit exceeded is the caller's to fix, so it is a 400 naming the field.
 *
 * <p>JSON strings may hold lone surrogates ({@code "\ud800"}); they are accepted and, as in tiktoken,
 * encoded as U+FFFD.
 */
public final class RequestTexts {

    private RequestTexts() {
    }

    public static List<String> of(String text, List<String> texts, int maxBatchSize, int maxTextLength) {
        if (text != null && texts != null) {
            throw OpenAiException.badRequest("Give either 'text' or 'texts', not both.", "texts");
        }
        if (text == null && texts == null) {
            throw OpenAiException.badRequest("Missing 'text' (a string) or 'texts' (an array of strings).", "text");
        }
        if (text != null) {
            checkLength(text, "text", maxTextLength);
            return List.of(text);
        }
        if (texts.isEmpty()) {
            throw OpenAiException.badRequest("'texts' is empty; send at least one string.", "texts");
        }
        if (texts.size() > maxBatchSize) {
            throw OpenAiException.badRequest("'texts' holds " + texts.size() + " strings; at most " + maxBatchSize
                    + " are allowed per request. Split the batch.", "texts");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw OpenAiException.badRequest("'texts[" + i + "]' is null; every entry must be a string.", "texts[" + i + "]");
            }
            checkLength(texts.get(i), "texts[" + i + "]", maxTextLength);
        }
        return texts;
    }

    private static void checkLength(String text, String param, int maxTextLength) {
        if (text.length() > maxTextLength) {
            throw OpenAiException.badRequest("'" + param + "' is " + text.length() + " characters long; the limit is "
                    + maxTextLength + ". Split the text.", param);
        }
    }
}
