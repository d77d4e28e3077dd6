package dev.llmsuite.servicetesting.adversarial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Edits a JSON body at a field path ({@code a.b[0].c}) and writes it, also in ways no JSON library would. */
final class JsonBodies {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private JsonBodies() {
    }

    /** A copy of {@code body} with the field at {@code path} set to {@code value}. */
    static ObjectNode with(ObjectNode body, String path, JsonNode value) {
        ObjectNode copy = body.deepCopy();
        List<Object> segments = segments(path);
        JsonNode parent = parent(copy, segments);
        Object last = segments.getLast();
        if (parent instanceof ObjectNode object && last instanceof String name) {
            object.set(name, value);
        } else if (parent instanceof ArrayNode array && last instanceof Integer index && index < array.size()) {
            array.set(index, value);
        } else {
            throw new IllegalArgumentException("the valid body has no place for " + path);
        }
        return copy;
    }

    /** A copy of {@code body} without the field at {@code path}. */
    static ObjectNode without(ObjectNode body, String path) {
        ObjectNode copy = body.deepCopy();
        List<Object> segments = segments(path);
        JsonNode parent = parent(copy, segments);
        if (parent instanceof ObjectNode object && segments.getLast() instanceof String name) {
            object.remove(name);
        } else if (parent instanceof ArrayNode array && segments.getLast() instanceof Integer index && index < array.size()) {
            array.remove((int) index);
        }
        return copy;
    }

    /** Whether the body has a value (null included) at {@code path}. */
    static boolean has(ObjectNode body, String path) {
        JsonNode node = body;
        for (Object segment : segments(path)) {
            node = segment instanceof String name ? node.get(name) : node.get((Integer) segment);
            if (node == null) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body written with the key at {@code path} given twice, the second time with {@code second}. */
    static byte[] withDuplicateKey(ObjectNode body, String path, JsonNode second) {
        List<Object> segments = segments(path);
        if (!(segments.getLast() instanceof String name)) {
            throw new IllegalArgumentException("only an object key can be duplicated: " + path);
        }
        StringBuilder out = new StringBuilder();
        write(body, segments.subList(0, segments.size() - 1), name, second, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code body} with every occurrence of the ASCII {@code marker} replaced by raw {@code bytes}. */
    static byte[] replace(byte[] body, String marker, byte[] bytes) {
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + bytes.length);
        int i = 0;
        while (i < body.length) {
            if (startsWith(body, i, needle)) {
                out.writeBytes(bytes);
                i += needle.length;
            } else {
                out.write(body[i++]);
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] body, int at, byte[] needle) {
        if (at + needle.length > body.length) {
            return false;
        }
        for (int k = 0; k < needle.length; k++) {
            if (body[at + k] != needle[k]) {
                return false;
            }
        }
        return true;
    }

    private static void write(JsonNode node, List<Object> duplicateIn, String key, JsonNode second, StringBuilder out) {
        try {
            if (node instanceof ObjectNode object) {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.append(first ? "" : ",").append(JSON.writeValueAsString(field.getKey())).append(':');
                    first = false;
                    List<Object> below = duplicateIn != null && !duplicateIn.isEmpty() && field.getKey().equals(duplicateIn.getFirst())
                            ? duplicateIn.subList(1, duplicateIn.size()) : null;
                    write(field.getValue(), below, key, second, out);
                }
                if (duplicateIn != null && duplicateIn.isEmpty()) {
                    out.append(first ? "" : ",").append(JSON.writeValueAsString(key)).append(':').append(JSON.writeValueAsString(second));
                }
                out.append('}');
            } else if (node instanceof ArrayNode array) {
                out.append('[');
                for (int i = 0; i < array.size(); i++) {
                    List<Object> below = duplicateIn != null && !duplicateIn.isEmpty() && Integer.valueOf(i).equals(duplicateIn.getFirst())
                            ? duplicateIn.subList(1, duplicateIn.size()) : null;
                    out.append(i == 0 ? "" : ",");
                    write(array.get(i), below, key, second, out);
                }
                out.append(']');
            } else {
                out.append(JSON.writeValueAsString(node));
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parent(JsonNode root, List<Object> segments) {
        JsonNode node = root;
        for (Object segment : segments.subList(0, segments.size() - 1)) {
            node = segment instanceof String name ? node.get(name) : node.get((Integer) segment);
            if (node == null) {
                throw new IllegalArgumentException("the valid body has nothing at " + segments);
            }
        }
        return node;
    }

    static List<Object> segments(String path) {
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
        }
        return segments;
    }
}
