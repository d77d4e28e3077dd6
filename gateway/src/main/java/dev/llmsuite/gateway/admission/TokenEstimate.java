package dev.llmsuite.gateway.admission;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * How many tokens a request may use, judged from its body before it runs, as OpenAI counts a request
 * against a tokens-per-minute limit: the prompt estimated at 4 characters per token (every string in the
 * body except the fields that name things, and every integer of a token-id array as one token), plus the
 * most the request may generate: {@code max_completion_tokens} or {@code max_tokens} times {@code n};
 * without either, 16 for {@code /v1/completions} (the service's default) and a configured allowance for
 * {@code /v1/chat/completions} (which may otherwise fill the context). A body that is not JSON counts
 * its characters; the service will refuse it anyway.
 */
public final class TokenEstimate {

    static final int CHARACTERS_PER_TOKEN = 4;
    static final int DEFAULT_COMPLETION_TOKENS = 16;
    /** Fields whose strings name a model, a role or a format rather than carry text to process. */
    private static final Set<String> NOT_TEXT = Set.of("model", "user", "role", "name", "type", "encoding_format",
            "encoding", "response_format", "service_tier", "tool_choice", "reasoning_effort");

    private TokenEstimate() {
    }

    /** @param unboundedCompletionTokens what a chat request without a completion limit is counted as */
    public static long of(String path, Buffer body, int unboundedCompletionTokens) {
        if (body == null || body.length() == 0) {
            return 0;
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (RuntimeException notJson) {
            return ceilDiv(body.length(), CHARACTERS_PER_TOKEN);
        }
        Counter prompt = new Counter();
        prompt.walk(json, null);
        return ceilDiv(prompt.characters, CHARACTERS_PER_TOKEN) + prompt.tokenIds + completion(path, json, unboundedCompletionTokens);
    }

    private static long completion(String path, JsonObject json, int unboundedCompletionTokens) {
        boolean chat = path.endsWith("/chat/completions");
        if (!chat && !path.endsWith("/completions")) {
            return 0;
        }
        long limit;
        Long requested = integer(json, "max_completion_tokens");
        if (requested == null) {
            requested = integer(json, "max_tokens");
        }
        if (requested != null && requested > 0) {
            limit = requested;
        } else {
            limit = chat ? unboundedCompletionTokens : DEFAULT_COMPLETION_TOKENS;
        }
        Long n = integer(json, "n");
        return saturatedMultiply(limit, n == null || n < 1 ? 1 : n);
    }

    private static Long integer(JsonObject json, String field) {
        return json.getValue(field) instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                ? number.longValue() : null;
    }

    private static final class Counter {
        long characters;
        long tokenIds;

        void walk(Object value, String field) {
            if (field != null && NOT_TEXT.contains(field)) {
                return;
            }
            switch (value) {
                case String text -> characters += text.length();
                case JsonObject object -> {
                    for (Map.Entry<String, Object> entry : object) {
                        walk(entry.getValue(), entry.getKey());
                    }
                }
                case JsonArray array -> {
                    for (Object item : array) {
                        if (item instanceof Number) {
                            tokenIds++;
                        } else {
                            walk(item, field);
                        }
                    }
                }
                case null, default -> {
                }
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
