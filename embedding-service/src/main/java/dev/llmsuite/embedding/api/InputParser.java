package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmsuite.openai.OpenAiException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads OpenAI's {@code input} union: a string, an array of strings, an array of token ids, or
 * an array of arrays of token ids. Everything else, and empty inputs, is a 400 whose {@code param}
 * names the element that is wrong, e.g. {@code input[2]}.
 */
public final class InputParser {

    private InputParser() {
    }

    public static List<EmbeddingInput> parse(JsonNode input, int maxInputs) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw OpenAiException.badRequest("'input' is required: a string, an array of strings, an array of token ids or an array of arrays of token ids.", "input");
        }
        if (input.isTextual()) {
            return List.of(text(input, "input"));
        }
        if (!input.isArray()) {
            throw wrongType("input");
        }
        if (input.isEmpty()) {
            throw OpenAiException.badRequest("'input' must not be an empty array.", "input");
        }
        if (input.size() > maxInputs) {
            throw OpenAiException.badRequest("'input' has " + input.size() + " items; at most " + maxInputs + " are allowed per request.", "input");
        }
        JsonNode first = input.get(0);
        if (first.isNumber()) {
            return List.of(tokens(input, "input"));
        }
        List<EmbeddingInput> inputs = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String where = "input[" + i + "]";
            if (first.isTextual() && item.isTextual()) {
                inputs.add(text(item, where));
            } else if (first.isArray() && item.isArray()) {
                inputs.add(tokens(item, where));
            } else {
                throw OpenAiException.badRequest("'" + where + "' has the wrong type: all items of 'input' must be strings, "
                        + "or all must be arrays of token ids.", where);
            }
        }
        return inputs;
    }

    /**
     * How errors name input i: {@code input} when the input is one flat array of token ids (its ids
     * are then {@code input[k]}), else {@code input[i]}.
     */
    public static IntFunction<String> fields(JsonNode input) {
        boolean flatIds = input != null && input.isArray() && !input.isEmpty() && input.get(0).isNumber();
        return flatIds ? i -> "input" : i -> "input[" + i + "]";
    }

    private static EmbeddingInput.Text text(JsonNode node, String where) {
        String text = node.asText();
        if (text.isEmpty()) {
            throw OpenAiException.badRequest("'" + where + "' is an empty string; every input must contain text.", where);
        }
        return new EmbeddingInput.Text(text);
    }

    private static EmbeddingInput.Tokens tokens(JsonNode array, String where) {
        if (array.isEmpty()) {
            throw OpenAiException.badRequest("'" + where + "' is an empty array of token ids.", where);
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                throw OpenAiException.badRequest("'" + where + "[" + i + "]' must be a non-negative integer token id.", where + "[" + i + "]");
            }
            ids[i] = id.intValue();
        }
        return new EmbeddingInput.Tokens(ids);
    }

    private static OpenAiException wrongType(String where) {
        return OpenAiException.badRequest("'" + where + "' must be a string, an array of strings, an array of token ids "
                + "or an array of arrays of token ids.", "input");
    }
}
