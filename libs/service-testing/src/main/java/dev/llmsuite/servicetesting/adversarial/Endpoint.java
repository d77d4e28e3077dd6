package dev.llmsuite.servicetesting.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * A POST (or PUT) endpoint under attack: a valid body to start from, the fields it has, and who calls it.
 *
 * @param validBody     a body the service accepts; every probe is one change away from it, so a
 *                      refusal names the change, not something else
 * @param fields        the fields the adversary changes, each with the JSON types it accepts
 * @param apiKey        the bearer key sent (a tenant's, or the admin's for admin endpoints)
 * @param bodyLimit     the service's body limit in bytes: one probe sends more and expects 413
 * @param judgesBodies  false for a proxy that forwards bodies unread (the gateway): then only the
 *                      HTTP contract is checked, not the refusals
 */
public record Endpoint(String method, String path, String apiKey, ObjectNode validBody, List<Field> fields,
                       long bodyLimit, boolean judgesBodies) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Endpoint post(String path, String apiKey, String validBody, long bodyLimit, Field... fields) {
        return post(path, apiKey, validBody, bodyLimit, List.of(fields));
    }

    public static Endpoint post(String path, String apiKey, String validBody, long bodyLimit, List<Field> fields) {
        return new Endpoint("POST", path, apiKey, parse(validBody), List.copyOf(fields), bodyLimit, true);
    }

    public static Endpoint put(String path, String apiKey, String validBody, long bodyLimit, Field... fields) {
        return new Endpoint("PUT", path, apiKey, parse(validBody), List.of(fields), bodyLimit, true);
    }

    /** The same endpoint behind a proxy that forwards bodies without reading them. */
    public Endpoint forwardedUnread() {
        return new Endpoint(method, path, apiKey, validBody, fields, bodyLimit, false);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("a valid body is a JSON object: " + json);
            }
            return object;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
