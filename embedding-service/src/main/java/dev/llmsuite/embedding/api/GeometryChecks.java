package dev.llmsuite.embedding.api;

import dev.llmsuite.openai.OpenAiException;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of the geometry requests, each failure a 400 whose {@code param} names the element at
 * fault ({@code documents[2]}, {@code pairs[0][1]}), so a client can find it in a long batch.
 */
final class GeometryChecks {

    static final int DEFAULT_TOP_K = 10;

    private GeometryChecks() {
    }

    /** A non-empty list of non-empty texts, at most {@code maxInputs} of them. */
    static List<String> texts(List<String> texts, String param, int maxInputs) {
        require(texts != null && !texts.isEmpty(), "'" + param + "' must be a non-empty array of strings.", param);
        require(texts.size() <= maxInputs, "'" + param + "' has " + texts.size() + " texts; at most " + maxInputs + " per request.", param);
        for (int i = 0; i < texts.size(); i++) {
            text(texts.get(i), param + "[" + i + "]");
        }
        return texts;
    }

    /** The texts of {@code pairs}, flattened in order: pair i is texts 2i and 2i+1. */
    static List<String> pairs(List<List<String>> pairs, int maxInputs) {
        require(pairs != null && !pairs.isEmpty(), "'pairs' must be a non-empty array of [text, text] pairs.", "pairs");
        require(2L * pairs.size() <= maxInputs, "'pairs' holds " + 2L * pairs.size() + " texts; at most " + maxInputs + " per request.",
                "pairs");
        List<String> texts = new ArrayList<>(2 * pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            List<String> pair = pairs.get(i);
            String param = "pairs[" + i + "]";
            require(pair != null && pair.size() == 2, "'" + param + "' must be an array of exactly two texts.", param);
            texts.add(text(pair.get(0), param + "[0]"));
            texts.add(text(pair.get(1), param + "[1]"));
        }
        return texts;
    }

    static String text(String text, String param) {
        require(text != null && !text.isEmpty(), "'" + param + "' must be a non-empty string.", param);
        return text;
    }

    static int topK(Integer requested) {
        require(requested == null || requested > 0, "'top_k' must be a positive integer.", "top_k");
        return requested == null ? DEFAULT_TOP_K : requested;
    }

    static void require(boolean condition, String message, String param) {
        if (!condition) {
            throw OpenAiException.badRequest(message, param);
        }
    }
}
