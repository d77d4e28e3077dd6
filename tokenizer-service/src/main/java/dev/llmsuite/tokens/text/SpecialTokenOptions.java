package dev.llmsuite.tokens.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tokenizer.encodings.SpecialTokens;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's {@code allowed_special} and {@code disallowed_special}, as tiktoken reads them, but
 * with a safer default: special-token strings in text are plain text unless allowed.
 * <ul>
 *   <li>{@code allowed_special}: {@code "all"} or a list; those become control tokens.</li>
 *   <li>{@code disallowed_special}: {@code "all"} or a list; a text containing one of them (and not
 *       allowed) is rejected with 400, tiktoken's strict mode.</li>
 * </ul>
 *
 * @param policy   what the encoder does with special-token strings
 * @param rejected special tokens whose presence in a text fails the request
 */
public record SpecialTokenOptions(SpecialTokens policy, Set<String> rejected) {

    public static final SpecialTokenOptions ORDINARY = new SpecialTokenOptions(SpecialTokens.ordinary(), Set.of());

    public static SpecialTokenOptions parse(JsonNode allowed, JsonNode disallowed, Map<String, Integer> specialTokens) {
        Set<String> allowedNames = names(allowed, "allowed_special", specialTokens);
        Set<String> disallowedNames = names(disallowed, "disallowed_special", specialTokens);
        disallowedNames.removeAll(allowedNames);
        SpecialTokens policy = allowedNames.isEmpty() ? SpecialTokens.ordinary() : SpecialTokens.allow(allowedNames);
        return new SpecialTokenOptions(policy, Set.copyOf(disallowedNames));
    }

    /**
     * Fails the request when a text holds a special token the caller disallowed, naming the one that
     * comes first in the text (the longest, should two start at the same place), as tiktoken does.
     */
    public void check(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            String first = firstRejected(texts.get(i));
            if (first != null) {
                throw new OpenAiException(400, "invalid_request_error", "Text " + i + " contains the special token "
                        + first + ", which 'disallowed_special' rejects. Remove it, or send it in 'allowed_special'"
                        + " to encode it as a control token.", "disallowed_special", "disallowed_special_token");
            }
        }
    }

    private String firstRejected(String text) {
        String first = null;
        int firstAt = Integer.MAX_VALUE;
        for (String special : rejected) {
            int at = text.indexOf(special);
            if (at >= 0 && (at < firstAt || at == firstAt && special.length() > first.length())) {
                first = special;
                firstAt = at;
            }
        }
        return first;
    }

    private static Set<String> names(JsonNode node, String param, Map<String, Integer> specialTokens) {
        Set<String> names = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (node.isTextual() && node.asText().equals("all")) {
            names.addAll(specialTokens.keySet());
            return names;
        }
        if (!node.isArray()) {
            throw OpenAiException.badRequest("'" + param + "' must be \"all\" or an array of special tokens.", param);
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (!entry.isTextual() || !specialTokens.containsKey(entry.asText())) {
                throw OpenAiException.badRequest("'" + param + "[" + i + "]' is " + entry + ", which is not a special token of this"
                        + " encoding. Its special tokens: " + String.join(", ", specialTokens.keySet()) + ".", param + "[" + i + "]");
            }
            names.add(entry.asText());
        }
        return names;
    }
}
