package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmsuite.generation.models.ServedModel;
import dev.llmsuite.openai.OpenAiException;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's completions {@code prompt} as token ids: a string, an array of strings, an array of token
 * ids, or an array of arrays of token ids (strings and id arrays may mix in the last two forms).
 * A failure names the element at fault in {@code param}: {@code prompt[2]}, {@code prompt[1][7]}.
 */
final class PromptTokens {

    private PromptTokens() {
    }

    static List<int[]> of(JsonNode prompt, ServedModel served) {
        if (prompt == null || prompt.isNull()) {
            throw OpenAiException.badRequest("You must provide a prompt.", "prompt");
        }
        List<int[]> prompts = new ArrayList<>();
        if (prompt.isTextual()) {
            prompts.add(text(prompt, "prompt", served));
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
            prompts.add(ids(prompt, "prompt", served.vocabularySize()));
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            for (int i = 0; i < prompt.size(); i++) {
                JsonNode item = prompt.get(i);
                String param = "prompt[" + i + "]";
                if (item.isTextual()) {
                    prompts.add(text(item, param, served));
                } else if (item.isArray()) {
                    prompts.add(ids(item, param, served.vocabularySize()));
                } else {
                    throw OpenAiException.badRequest("Invalid type for '" + param + "': expected a string or an array of token ids.", param);
                }
            }
        } else {
            throw OpenAiException.badRequest("Invalid type for 'prompt': expected a string, an array of strings, an array of token ids,"
                    + " or an array of token id arrays.", "prompt");
        }
        return prompts;
    }

    private static int[] text(JsonNode text, String param, ServedModel served) {
        return nonEmpty(served.model().encodePrompt(text.asText(), served.model().addsBos()), param);
    }

    private static int[] ids(JsonNode array, String param, int vocabularySize) {
        int[] ids = new int[array.size()];
        for (int k = 0; k < ids.length; k++) {
            JsonNode item = array.get(k);
            String at = param + "[" + k + "]";
            if (!item.isIntegralNumber()) {
                throw OpenAiException.badRequest("Invalid type for '" + at + "': expected a token id (an integer).", at);
            }
            if (!item.canConvertToInt() || item.intValue() < 0 || item.intValue() >= vocabularySize) {
                throw OpenAiException.badRequest("Invalid token id '" + at + "': " + item.asText() + " is outside this model's vocabulary of "
                        + vocabularySize + " tokens.", at);
            }
            ids[k] = item.intValue();
        }
        return nonEmpty(ids, param);
    }

    private static int[] nonEmpty(int[] tokens, String param) {
        if (tokens.length == 0) {
            throw OpenAiException.badRequest("'" + param + "' is empty: a prompt must contain at least one token.", param);
        }
        return tokens;
    }
}
