package dev.llmsuite.generation.chat.jinja;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** How Python prints values that Java prints differently. */
final class PythonRepr {

    private PythonRepr() {
    }

    /**
     * What {@code {{ value }}} prints, Python's {@code str(value)}: {@code True}, {@code 1.0},
     * {@code ['a', None]}. A missing value prints nothing: Jinjava does not tell {@code none} from
     * undefined, and undefined is the common case in templates.
     */
    static String str(Object value) {
        return switch (value) {
            case null -> "";
            case CharSequence s -> s.toString();
            default -> repr(value);
        };
    }

    /** Python's {@code repr}: strings quoted, containers with their items' reprs. */
    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Double d -> floatRepr(d);
            case Float f -> floatRepr(f.doubleValue());
            case BigDecimal d -> floatRepr(d.doubleValue());
            case CharSequence s -> quoted(s.toString());
            case Map.Entry<?, ?> e -> "(" + repr(e.getKey()) + ", " + repr(e.getValue()) + ")";
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("{");
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    out.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                    if (it.hasNext()) {
                        out.append(", ");
                    }
                }
                yield out.append('}').toString();
            }
            case Iterable<?> items -> {
                StringBuilder out = new StringBuilder("[");
                Iterator<?> it = items.iterator();
                while (it.hasNext()) {
                    out.append(repr(it.next()));
                    if (it.hasNext()) {
                        out.append(", ");
                    }
                }
                yield out.append(']').toString();
            }
            default -> value.toString();
        };
    }

    /** A string in single quotes, or double quotes when it holds a single quote and no double one. */
    private static String quoted(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    /**
     * {@code repr(float)}: the shortest digits that read back as the same double (Java's
     * {@link Double#toString} finds the same digits), written positionally when the decimal
     * exponent is in [-4, 16), else as {@code d.ddde+XX}.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
}
