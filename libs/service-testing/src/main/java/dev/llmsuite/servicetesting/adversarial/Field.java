package dev.llmsuite.servicetesting.adversarial;

import java.util.EnumSet;
import java.util.Set;

/**
 * One field of a request body as the adversary sees it.
 *
 * @param path     where it sits, as the service names it in {@code param}: {@code max_tokens},
 *                 {@code stream_options.include_usage}, {@code messages[0].content}
 * @param accepts  the JSON types the field takes; any other type must be refused naming the field
 * @param mandatory whether leaving it out (or sending null) must be refused naming the field
 */
public record Field(String path, Set<JsonKind> accepts, boolean mandatory) {

    public static Field string(String path) {
        return new Field(path, EnumSet.of(JsonKind.STRING, JsonKind.NULL), false);
    }

    public static Field integer(String path) {
        return new Field(path, EnumSet.of(JsonKind.INTEGER, JsonKind.NULL), false);
    }

    /** A number field: integers are numbers too. */
    public static Field number(String path) {
        return new Field(path, EnumSet.of(JsonKind.INTEGER, JsonKind.DECIMAL, JsonKind.NULL), false);
    }

    public static Field bool(String path) {
        return new Field(path, EnumSet.of(JsonKind.BOOLEAN, JsonKind.NULL), false);
    }

    public static Field array(String path) {
        return new Field(path, EnumSet.of(JsonKind.ARRAY, JsonKind.NULL), false);
    }

    public static Field object(String path) {
        return new Field(path, EnumSet.of(JsonKind.OBJECT, JsonKind.NULL), false);
    }

    /** A field OpenAI defines as a union, e.g. {@code prompt} (a string or an array). */
    public static Field oneOf(String path, JsonKind... kinds) {
        EnumSet<JsonKind> accepts = EnumSet.of(JsonKind.NULL, kinds);
        return new Field(path, accepts, false);
    }

    /** The same field, but one that must be present (and not null). */
    public Field required() {
        EnumSet<JsonKind> accepts = EnumSet.copyOf(this.accepts);
        accepts.remove(JsonKind.NULL);
        return new Field(path, accepts, true);
    }

    boolean isNumeric() {
        return accepts.contains(JsonKind.INTEGER) || accepts.contains(JsonKind.DECIMAL);
    }

    boolean isUnion() {
        return accepts.stream().filter(k -> k != JsonKind.NULL).count() > 1;
    }
}
