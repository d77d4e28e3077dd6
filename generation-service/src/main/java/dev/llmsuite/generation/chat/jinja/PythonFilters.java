package dev.llmsuite.generation.chat.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Jinja's filters and tests whose Jinjava versions give other answers than Python does. */
final class PythonFilters {

    private PythonFilters() {
    }

    static List<Filter> all() {
        return List.of(new Trim(), new Length("length"), new Length("count"), new Str(), new Items(), new Round(), new ToJson());
    }

    /** {@code trim} is {@code str.strip}, which also removes no-break spaces. */
    private record Trim() implements Filter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            String chars = args.length > 0 ? args[0] : null;
            return var == null ? "" : PythonStringMethods.strip(var.toString(), chars, true, true);
        }
    }

    /** {@code length} of a string counts code points (an emoji is one character in Python, two in Java). */
    private record Length(String name) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return switch (var) {
                case null -> 0L;
                case CharSequence s -> (long) s.toString().codePointCount(0, s.length());
                case Collection<?> c -> (long) c.size();
                case Map<?, ?> m -> (long) m.size();
                case Object[] a -> (long) a.length;
                default -> (long) var.toString().codePointCount(0, var.toString().length());
            };
        }
    }

    /** {@code string} is Python's {@code str}: {@code {'a': 1}}, {@code True}. */
    private record Str() implements Filter {
        @Override
        public String getName() {
            return "string";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return var == null ? "None" : PythonRepr.str(var);
        }
    }

    /** {@code items} gives the (key, value) pairs that {@code for k, v in ...} unpacks. */
    private record Items() implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return var instanceof Map<?, ?> map ? new ArrayList<>(map.entrySet()) : List.of();
        }
    }

    /** {@code round(value, precision=0)} rounds the exact binary value half to even and stays a float, as Python does. */
    private record Round() implements Filter {
        @Override
        public String getName() {
            return "round";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            double value = var instanceof Number n ? n.doubleValue() : Double.parseDouble(var.toString());
            int precision = args.length > 0 ? Integer.parseInt(args[0]) : 0;
            return new BigDecimal(value).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
        }
    }

    /** {@code is sequence}: anything with a length and items, strings included. */
    record Sequence() implements ExpTest {
        @Override
        public String getName() {
            return "sequence";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof CharSequence || var instanceof Collection<?> || var instanceof Map<?, ?> || var instanceof Object[];
        }
    }

    /** {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}, as Hugging Face defines it. */
    private record ToJson() implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object ensureAscii = kwargs.getOrDefault("ensure_ascii", args.length > 0 ? args[0] : false);
            Object indentArg = kwargs.getOrDefault("indent", args.length > 1 ? args[1] : null);
            Object separators = kwargs.getOrDefault("separators", args.length > 2 ? args[2] : null);
            Object sortKeys = kwargs.getOrDefault("sort_keys", args.length > 3 ? args[3] : false);
            String indent = indentArg == null ? null : indentArg instanceof Number n ? " ".repeat(n.intValue()) : indentArg.toString();
            String item = indent == null ? ", " : ",";
            String key = ": ";
            if (separators instanceof Iterable<?> pair) {
                var it = pair.iterator();
                item = String.valueOf(it.next());
                key = String.valueOf(it.next());
            }
            return PythonJson.dumps(var, new PythonJson.Options(indent, item, key, Boolean.TRUE.equals(sortKeys), Boolean.TRUE.equals(ensureAscii)));
        }
    }
}
