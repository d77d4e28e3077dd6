package dev.llmsuite.openai;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains why a request body could not be read, in words a client can act on: which field (as
 * OpenAI's {@code param}, e.g. {@code messages[0].content}), which JSON type was expected and which
 * was sent, or where the JSON itself is broken. Messages are written here, never passed through
 * from the parser: those name Java classes and parser settings a client cannot change.
 */
final class JsonProblems {

    /** The parser's wording up to the first mention of its own settings or source description. */
    private static final List<String> INTERNAL_TAILS = List.of("`", " (start marker", " (not recognized", ": enable", "; enable",
            " (through reference chain", " at [Source", "\n");
    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");

    private JsonProblems() {
    }

    static OpenAiException explain(JsonProcessingException e) {
        StreamConstraintsException constraint = find(e, StreamConstraintsException.class);
        if (constraint != null) {
            return OpenAiException.badRequest(limitExceeded(constraint), constrained(e, constraint));
        }
        InputCoercionException outOfRange = find(e, InputCoercionException.class);
        if (outOfRange != null) {
            return outOfRange(outOfRange, param(e, outOfRange));
        }
        StreamReadException malformed = find(e, StreamReadException.class);
        if (malformed != null) {
            return malformed(malformed);
        }
        String param = mappingPath(e);
        if (e instanceof MismatchedInputException mismatch) {
            return wrongType(mismatch, mismatch.getTargetType(), param);
        }
        if (e instanceof InvalidDefinitionException definition && param != null) {
            // The body's shape does not fit the field at all (e.g. a string where an array belongs).
            return wrongType(definition, definition.getType().getRawClass(), param);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException reason) {
            return OpenAiException.badRequest("Invalid value for " + quoted(param) + ": " + reason.getMessage(), param);
        }
        return OpenAiException.badRequest("Invalid value for " + quoted(param) + ".", param);
    }

    private static OpenAiException malformed(StreamReadException e) {
        String param = contextPath(e.getProcessor() instanceof JsonParser parser ? parser.getParsingContext() : null);
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            return OpenAiException.badRequest("The request body gives " + quoted(param)
                    + " more than once; send each key once." + where(e.getLocation()), param);
        }
        return OpenAiException.badRequest("The request body is not valid JSON: " + parserWording(original) + where(e.getLocation()),
                param);
    }

    private static OpenAiException wrongType(JsonProcessingException e, Class<?> target, String param) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return OpenAiException.badRequest("The request body is not valid JSON: there is more after the JSON value"
                    + where(e.getLocation()) + ". Send exactly one JSON object.", null);
        }
        String got = sent(e);
        if (param == null) {
            return OpenAiException.badRequest("The request body must be a JSON object" + (got == null ? "." : ", got " + got + "."), null);
        }
        Class<?> expected = target != null && target.isArray() && param.endsWith("]") ? target.getComponentType() : target;
        return OpenAiException.badRequest("Invalid type for '" + param + "': expected " + describe(expected)
                + (got == null ? "." : ", got " + got + "."), param);
    }

    private static OpenAiException outOfRange(InputCoercionException e, String param) {
        Class<?> target = e.getTargetType();
        String range = target == Integer.TYPE || target == Integer.class ? "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                : "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        String value = e.getProcessor() instanceof JsonParser parser ? safeText(parser) : null;
        return OpenAiException.badRequest("Invalid value for " + quoted(param) + ": " + (value == null ? "the number" : value)
                + " is out of range; expected an integer " + range + ".", param);
    }

    private static String limitExceeded(StreamConstraintsException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher limit = LIMIT.matcher(original);
        String max = limit.find() ? limit.group(1) : "the allowed";
        if (original.startsWith("Document nesting depth")) {
            return "The request body is nested more than " + max + " levels deep.";
        }
        if (original.startsWith("Number value length") || original.startsWith("Number length")) {
            return "A number in the request body has more than " + max + " digits.";
        }
        if (original.startsWith("Name length")) {
            return "A key in the request body is longer than " + max + " characters.";
        }
        return "A value in the request body is larger than this server reads (" + max + ").";
    }

    /** Where a limit was exceeded: the value's field, or for nesting only the top-level field it is nested in. */
    private static String constrained(JsonProcessingException outer, StreamConstraintsException e) {
        String path = param(outer, e);
        if (path == null || !String.valueOf(e.getOriginalMessage()).startsWith("Document nesting depth")) {
            return path;
        }
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return end == 0 ? null : path.substring(0, end);
    }

    /** The field a mapping failure happened in, e.g. {@code messages[0].content}; null at the top level. */
    private static String mappingPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String param(JsonProcessingException outer, JsonProcessingException inner) {
        String mapped = mappingPath(outer);
        if (mapped != null) {
            return mapped;
        }
        return contextPath(inner.getProcessor() instanceof JsonParser parser ? parser.getParsingContext() : null);
    }

    /** Where the parser stood, as a field path. */
    private static String contextPath(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String parserWording(String original) {
        String wording = original;
        for (String tail : INTERNAL_TAILS) {
            int at = wording.indexOf(tail);
            if (at >= 0) {
                wording = wording.substring(0, at);
            }
        }
        wording = wording.strip();
        while (!wording.isEmpty() && ":;,(".indexOf(wording.charAt(wording.length() - 1)) >= 0) {
            wording = wording.substring(0, wording.length() - 1).strip();
        }
        boolean leaksInternals = wording.isEmpty() || wording.contains("Feature") || wording.contains("Exception")
                || wording.contains("java.") || wording.contains("jackson");
        return leaksInternals ? "it cannot be parsed" : wording;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The JSON type the client sent where the failure happened. */
    private static String sent(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        JsonToken token = parser.currentToken();
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            default -> null;
        };
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class || type == char.class || type == Character.class || type.isEnum()) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class || type == short.class
                || type == Short.class || type == byte.class || type == Byte.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class || type == Number.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date-time string";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        return "an object";
    }

    private static String quoted(String param) {
        return param == null ? "the request body" : "'" + param + "'";
    }

    private static String safeText(JsonParser parser) {
        try {
            String text = parser.getText();
            return text != null && text.length() <= 40 ? text : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
