package dev.llmsuite.generation.chat.jinja;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, which Hugging Face's {@code tojson} filter calls: the same
 * separators ({@code ", "} and {@code ": "}, or {@code ","} and {@code ": "} when indenting), the
 * same escapes, and floats written as Python's {@code repr} writes them ({@code 1.0}, {@code 1e+20}).
 */
final class PythonJson {

    record Options(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii) {
    }

    private PythonJson() {
    }

    static String dumps(Object value, Options options) {
        StringBuilder out = new StringBuilder();
        write(value, options, 0, out);
        return out.toString();
    }

    private static void write(Object value, Options o, int depth, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(PythonRepr.floatRepr(d));
            case Float f -> out.append(PythonRepr.floatRepr(f.doubleValue()));
            case BigDecimal d -> out.append(PythonRepr.floatRepr(d.doubleValue()));
            case Number n -> out.append(n.longValue());
            case CharSequence s -> string(s.toString(), o.ensureAscii(), out);
            case Map<?, ?> map -> {
                List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
                if (o.sortKeys()) {
                    entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
                }
                out.append('{');
                for (int i = 0; i < entries.size(); i++) {
                    separate(i, o, depth + 1, out);
                    string(String.valueOf(entries.get(i).getKey()), o.ensureAscii(), out);
                    out.append(o.keySeparator());
                    write(entries.get(i).getValue(), o, depth + 1, out);
                }
                close('}', entries.isEmpty(), o, depth, out);
            }
            case Iterable<?> items -> {
                List<Object> list = new ArrayList<>();
                items.forEach(list::add);
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    separate(i, o, depth + 1, out);
                    write(list.get(i), o, depth + 1, out);
                }
                close(']', list.isEmpty(), o, depth, out);
            }
            case Object[] array -> write(List.of(array), o, depth, out);
            default -> string(value.toString(), o.ensureAscii(), out);
        }
    }

    private static void separate(int index, Options o, int depth, StringBuilder out) {
        if (index > 0) {
            out.append(o.itemSeparator());
        }
        if (o.indent() != null) {
            out.append('\n').append(o.indent().repeat(depth));
        }
    }

    private static void close(char bracket, boolean empty, Options o, int depth, StringBuilder out) {
        if (o.indent() != null && !empty) {
            out.append('\n').append(o.indent().repeat(depth));
        }
        out.append(bracket);
    }

    private static void string(String s, boolean ensureAscii, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
