package dev.llmsuite.servicetesting.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Generates the adversarial requests for an endpoint with jqwik's generators: each one the valid
 * body with one thing done to it (a field of the wrong JSON type, left out, given twice, an
 * extreme number, invalid UTF-8 in a string, deep nesting, an unknown extra field, content after
 * the JSON value, a cut-off body, random bytes), plus a fixed few per endpoint (empty, oversized,
 * large, nested thousands deep). A fixed seed makes every run send the same requests.
 */
public final class Probes {

    private static final String MARKER = "@@ADVERSARY@@";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Numbers at the edges of what JSON parsers, Java types and arithmetic handle. */
    private static final List<String> EXTREME_NUMBERS = List.of("9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-9223372036854775809", "2147483647", "2147483648", "-2147483649", "0", "-1", "-0",
            "1e308", "-1e308", "1e309", "-1e400", "1e-400", "4.9e-324", "0.5", "-0.0", "1E2",
            "123456789012345678901234567890123456789", "0.000000000000000000000000000000001", "1" + "0".repeat(1200));

    /** Byte sequences that are not UTF-8: overlong forms, encoded surrogates, past U+10FFFF, stray and cut-off bytes. */
    private static final List<String> NOT_UTF8 = List.of("c0af", "e080af", "f08080af", "eda080", "edbfbf", "f4908080",
            "80", "bf", "fe", "ff", "c2", "e282", "f09f98", "c0", "f5808080", "f888808080");

    private static final List<String> TRAILING = List.of(" xyz", "}", "{}", "]", ",", " null", " 1", "//", "/* */", "\"x\"",
            "\u0000", " {\"a\":1}", "\n{\"model\":\"x\"}");

    private Probes() {
    }

    /** {@code count} generated probes and the fixed ones, the same for the same seed. */
    public static List<Probe> generate(Endpoint endpoint, int count, long seed) {
        List<Probe> probes = new ArrayList<>(fixed(endpoint));
        JqwikSession.start();
        try {
            RandomGenerator<Probe> generator = probes(endpoint).generator(1000);
            Random random = new Random(seed * 31 + endpoint.toString().hashCode());
            for (int i = 0; i < count; i++) {
                probes.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return probes;
    }

    static Arbitrary<Probe> probes(Endpoint endpoint) {
        List<Tuple.Tuple2<Integer, Arbitrary<Probe>>> kinds = new ArrayList<>();
        if (!endpoint.fields().isEmpty()) {
            Arbitrary<Field> field = Arbitraries.of(endpoint.fields());
            kinds.add(Tuple.of(6, field.flatMap(f -> wrongType(endpoint, f))));
            kinds.add(Tuple.of(2, field.map(f -> missing(endpoint, f))));
            List<Field> keys = endpoint.fields().stream()
                    .filter(f -> JsonBodies.segments(f.path()).getLast() instanceof String && JsonBodies.has(endpoint.validBody(), f.path()))
                    .toList();
            if (!keys.isEmpty()) {
                kinds.add(Tuple.of(2, Arbitraries.of(keys).flatMap(f -> duplicate(endpoint, f))));
            }
            List<Field> numeric = endpoint.fields().stream().filter(Field::isNumeric).toList();
            if (!numeric.isEmpty()) {
                kinds.add(Tuple.of(3, Arbitraries.of(numeric).flatMap(f -> Arbitraries.of(EXTREME_NUMBERS).map(n -> extreme(endpoint, f, n)))));
            }
            List<Field> strings = endpoint.fields().stream().filter(f -> f.accepts().contains(JsonKind.STRING)).toList();
            if (!strings.isEmpty()) {
                kinds.add(Tuple.of(2, Arbitraries.of(strings).flatMap(f -> Arbitraries.of(NOT_UTF8).map(hex -> notUtf8(endpoint, f, hex)))));
            }
            kinds.add(Tuple.of(1, field.flatMap(f -> Arbitraries.integers().between(2, 3000).map(depth -> nested(endpoint, f, depth)))));
        }
        kinds.add(Tuple.of(2, extraField(endpoint)));
        kinds.add(Tuple.of(1, Arbitraries.of(TRAILING).map(garbage -> trailing(endpoint, garbage))));
        kinds.add(Tuple.of(1, Arbitraries.integers().between(0, JsonBodies.bytes(endpoint.validBody()).length - 1)
                .map(length -> truncated(endpoint, length))));
        kinds.add(Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
                .map(bytes -> new Probe("random bytes " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 16)), bytes,
                        new Expectation.AnyAnswer()))));
        return Arbitraries.frequencyOf(kinds);
    }

    private static List<Probe> fixed(Endpoint endpoint) {
        List<Probe> probes = new ArrayList<>();
        probes.add(new Probe("the valid body", JsonBodies.bytes(endpoint.validBody()), new Expectation.AnyAnswer()));
        probes.add(new Probe("an empty body", new byte[0], new Expectation.Refused()));
        String stringField = endpoint.fields().stream().filter(f -> f.accepts().contains(JsonKind.STRING))
                .map(Field::path).findFirst().orElse("x_padding");
        probes.add(new Probe("a body over the limit in '" + stringField + "'",
                JsonBodies.bytes(JsonBodies.with(endpoint.validBody(), stringField, TextNode.valueOf("a".repeat((int) endpoint.bodyLimit() + 65_536)))),
                new Expectation.TooLarge()));
        probes.add(new Probe("a quarter of the limit in '" + stringField + "'",
                JsonBodies.bytes(JsonBodies.with(endpoint.validBody(), stringField, TextNode.valueOf("lorem ipsum ".repeat((int) (endpoint.bodyLimit() / 48))))),
                new Expectation.AnyAnswer()));
        probes.add(new Probe("arrays nested 200000 deep", ("[".repeat(200_000) + "]".repeat(200_000)).getBytes(StandardCharsets.US_ASCII),
                new Expectation.Refused()));
        probes.add(new Probe("a JSON array, not an object", "[1,2,3]".getBytes(StandardCharsets.US_ASCII), new Expectation.Refused()));
        return probes;
    }

    private static Arbitrary<Probe> wrongType(Endpoint endpoint, Field field) {
        EnumSet<JsonKind> wrong = EnumSet.complementOf(EnumSet.copyOf(field.accepts()));
        return Arbitraries.of(wrong).flatMap(kind -> value(kind).map(value -> new Probe(
                "'" + field.path() + "' as " + kind.name().toLowerCase() + " " + abbreviated(value),
                JsonBodies.bytes(JsonBodies.with(endpoint.validBody(), field.path(), value)),
                new Expectation.RefusedNaming(field.path(), field.isUnion()))));
    }

    private static Probe missing(Endpoint endpoint, Field field) {
        // Leaving out an array element only shortens the array; leaving out a key the service needs must be refused.
        boolean key = JsonBodies.segments(field.path()).getLast() instanceof String;
        return new Probe("'" + field.path() + "' left out", JsonBodies.bytes(JsonBodies.without(endpoint.validBody(), field.path())),
                field.mandatory() && key ? new Expectation.RefusedNaming(field.path(), false) : new Expectation.AnyAnswer());
    }

    private static Arbitrary<Probe> duplicate(Endpoint endpoint, Field field) {
        JsonKind accepted = field.accepts().stream().filter(k -> k != JsonKind.NULL).findFirst().orElse(JsonKind.NULL);
        return value(accepted).map(second -> new Probe("'" + field.path() + "' given twice",
                JsonBodies.withDuplicateKey(endpoint.validBody(), field.path(), second),
                new Expectation.RefusedNaming(field.path(), false)));
    }

    private static Probe extreme(Endpoint endpoint, Field field, String number) {
        // Past its length limit the parser refuses a number before it knows which field holds it.
        Expectation expectation = number.length() > 1000 ? new Expectation.AnyAnswer() : new Expectation.AnyAnswerNaming(field.path());
        return new Probe("'" + field.path() + "' = " + abbreviated(TextNode.valueOf(number)), raw(endpoint, field.path(), number), expectation);
    }

    private static Probe notUtf8(Endpoint endpoint, Field field, String hex) {
        byte[] body = JsonBodies.bytes(JsonBodies.with(endpoint.validBody(), field.path(), TextNode.valueOf("a" + MARKER + "b")));
        return new Probe("'" + field.path() + "' holding the bytes " + hex, JsonBodies.replace(body, MARKER, HexFormat.of().parseHex(hex)),
                new Expectation.Refused());
    }

    private static Probe nested(Endpoint endpoint, Field field, int depth) {
        boolean arrays = depth % 2 == 0;
        String value = arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        return new Probe("'" + field.path() + "' nested " + depth + " deep in " + (arrays ? "arrays" : "objects"),
                raw(endpoint, field.path(), value), new Expectation.AnyAnswer());
    }

    private static Arbitrary<Probe> extraField(Endpoint endpoint) {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> "x_" + s);
        return names.flatMap(name -> anyValue(2).map(value -> new Probe("an unknown field '" + name + "' = " + abbreviated(value),
                JsonBodies.bytes(JsonBodies.with(endpoint.validBody(), name, value)), new Expectation.LikeTheValidBody())));
    }

    private static Probe trailing(Endpoint endpoint, String garbage) {
        byte[] body = JsonBodies.bytes(endpoint.validBody());
        byte[] tail = garbage.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        return new Probe("content after the JSON value: " + abbreviated(TextNode.valueOf(garbage)), all, new Expectation.Refused());
    }

    private static Probe truncated(Endpoint endpoint, int length) {
        byte[] body = JsonBodies.bytes(endpoint.validBody());
        byte[] cut = new byte[length];
        System.arraycopy(body, 0, cut, 0, length);
        return new Probe("the body cut off after " + length + " bytes", cut, new Expectation.Refused());
    }

    /** The valid body with the field replaced by raw JSON text, written as no library would write it. */
    private static byte[] raw(Endpoint endpoint, String path, String json) {
        byte[] body = JsonBodies.bytes(JsonBodies.with(endpoint.validBody(), path, TextNode.valueOf(MARKER)));
        return JsonBodies.replace(body, "\"" + MARKER + "\"", json.getBytes(StandardCharsets.UTF_8));
    }

    static Arbitrary<JsonNode> value(JsonKind kind) {
        return switch (kind) {
            case STRING -> Arbitraries.oneOf(
                    Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(30).map(TextNode::valueOf),
                    Arbitraries.of("", " ", "1", "true", "null", "0.5", "[]", "{}", "<|endoftext|>", "\u0000", "\uD83D\uDE00",
                            "all", "text").map(TextNode::valueOf));
            case INTEGER -> Arbitraries.oneOf(
                    Arbitraries.longs().map(LongNode::valueOf),
                    Arbitraries.of(0L, 1L, -1L, 2L, 5L, 16L, (long) Integer.MAX_VALUE).map(LongNode::valueOf),
                    Arbitraries.bigIntegers().between(BigInteger.TWO.pow(64), BigInteger.TWO.pow(200)).map(BigIntegerNode::valueOf));
            case DECIMAL -> Arbitraries.oneOf(
                    Arbitraries.doubles().between(-1e6, 1e6).filter(d -> d != Math.rint(d)).map(DoubleNode::valueOf),
                    Arbitraries.of(0.5, -0.5, 1.5, 1e-300, 1e300, -1e300).map(DoubleNode::valueOf));
            case BOOLEAN -> Arbitraries.of(true, false).map(BooleanNode::valueOf);
            case NULL -> Arbitraries.just(NullNode.getInstance());
            case OBJECT -> anyValue(1).list().ofMaxSize(3).map(values -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0; i < values.size(); i++) {
                    object.set("k" + i, values.get(i));
                }
                return object;
            });
            case ARRAY -> anyValue(1).list().ofMaxSize(4).map(values -> {
                ArrayNode array = NODES.arrayNode();
                values.forEach(array::add);
                return array;
            });
        };
    }

    /** Any JSON value, containers nested at most {@code depth} deep. */
    private static Arbitrary<JsonNode> anyValue(int depth) {
        List<JsonKind> kinds = new ArrayList<>(List.of(JsonKind.STRING, JsonKind.INTEGER, JsonKind.DECIMAL, JsonKind.BOOLEAN, JsonKind.NULL));
        if (depth > 1) {
            kinds.addAll(List.of(JsonKind.OBJECT, JsonKind.ARRAY));
        }
        return Arbitraries.of(kinds).flatMap(Probes::value);
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
