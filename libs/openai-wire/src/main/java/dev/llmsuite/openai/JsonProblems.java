package dev.llmsuite.openai;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/** Explains a Jackson failure in words a client can act on, naming the offending field. */
final class JsonProblems {

    private JsonProblems() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return "The request body is not valid JSON: " + e.getOriginalMessage();
        }
        String field = field(e);
        String where = field == null ? "the request body" : "'" + field + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return "Unrecognized request argument supplied: " + u.getPropertyName();
        }
        if (e instanceof InvalidFormatException f) {
            return "Invalid value for " + where + ": " + f.getValue() + " is not a valid " + f.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "Invalid type for " + where + ": expected " + describeType(m.getTargetType());
        }
        return "Invalid value for " + where + ": " + e.getOriginalMessage();
    }

    static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return null;
        }
        String path = m.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.replace(".[", "[");
    }

    private static String describeType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
