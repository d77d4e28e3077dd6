package dev.llmsuite.generation.chat.jinja;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The methods of Python's {@code str} that chat templates call ({@code content.strip()},
 * {@code message.content.split('</think>')[-1]}, {@code text.startswith('/')} ...), with Python's
 * semantics. Jinja evaluates them on Python strings; Jinjava would look for Java methods, which
 * either do not exist ({@code rstrip}) or behave differently ({@code split} takes a regex).
 */
final class PythonStringMethods extends ELResolver {

    private static final Set<String> METHODS = Set.of("strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith",
            "endswith", "replace", "upper", "lower", "title", "capitalize", "find", "rfind", "count", "join", "isdigit",
            "isalpha", "isspace", "isupper", "islower");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name) || !METHODS.contains(name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = switch (name) {
            case "strip" -> strip(s, chars(args), true, true);
            case "lstrip" -> strip(s, chars(args), true, false);
            case "rstrip" -> strip(s, chars(args), false, true);
            case "split" -> split(s, arg(args, 0), maxSplit(args));
            case "rsplit" -> rsplit(s, arg(args, 0), maxSplit(args));
            case "splitlines" -> splitLines(s);
            case "startswith" -> anyAffix(s, args[0], true);
            case "endswith" -> anyAffix(s, args[0], false);
            case "replace" -> replace(s, (String) args[0], (String) args[1], args.length > 2 ? ((Number) args[2]).intValue() : -1);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, s.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
                    + s.substring(s.offsetByCodePoints(0, 1)).toLowerCase(Locale.ROOT);
            case "find" -> codePointIndex(s, s.indexOf((String) args[0]));
            case "rfind" -> codePointIndex(s, s.lastIndexOf((String) args[0]));
            case "count" -> count(s, (String) args[0]);
            case "join" -> join(s, args[0]);
            case "isdigit" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isspace" -> !s.isEmpty() && s.codePoints().allMatch(PythonStringMethods::isSpace);
            case "isupper" -> s.codePoints().anyMatch(Character::isUpperCase) && s.codePoints().noneMatch(Character::isLowerCase);
            case "islower" -> s.codePoints().anyMatch(Character::isLowerCase) && s.codePoints().noneMatch(Character::isUpperCase);
            default -> throw new IllegalStateException(name);
        };
        context.setPropertyResolved(true);
        return result;
    }

    /** Python's {@code str.isspace()} characters, which {@code str.strip()} and {@code str.split()} remove. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && strippable(s.codePointAt(start), chars)) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (right && end > start && strippable(s.codePointBefore(end), chars)) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static boolean strippable(int c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    private static String chars(Object[] args) {
        return args.length > 0 && args[0] != null ? args[0].toString() : null;
    }

    private static String arg(Object[] args, int i) {
        return args.length > i && args[i] != null ? args[i].toString() : null;
    }

    private static int maxSplit(Object[] args) {
        return args.length > 1 && args[1] != null ? ((Number) args[1]).intValue() : -1;
    }

    private static List<String> split(String s, String separator, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            int i = 0;
            while (true) {
                while (i < s.length() && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i == s.length()) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    return parts;
                }
                int start = i;
                while (i < s.length() && !isSpace(s.charAt(i))) {
                    i++;
                }
                parts.add(s.substring(start, i));
            }
        }
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        for (int at; (maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(separator, from)) >= 0; from = at + separator.length()) {
            parts.add(s.substring(from, at));
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static List<String> rsplit(String s, String separator, int maxSplit) {
        if (maxSplit < 0) {
            return split(s, separator, -1);
        }
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            int i = s.length();
            while (true) {
                while (i > 0 && isSpace(s.charAt(i - 1))) {
                    i--;
                }
                if (i == 0) {
                    break;
                }
                if (parts.size() == maxSplit) {
                    parts.add(strip(s.substring(0, i), null, true, false));
                    break;
                }
                int end = i;
                while (i > 0 && !isSpace(s.charAt(i - 1))) {
                    i--;
                }
                parts.add(s.substring(i, end));
            }
        } else {
            int to = s.length();
            for (int at; parts.size() < maxSplit && (at = s.lastIndexOf(separator, to - separator.length())) >= 0; to = at) {
                parts.add(s.substring(at + separator.length(), to));
            }
            parts.add(s.substring(0, to));
        }
        return parts.reversed();
    }

    private static List<String> splitLines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                lines.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    private static boolean anyAffix(String s, Object affix, boolean prefix) {
        if (affix instanceof Collection<?> options) {
            for (Object option : options) {
                if (anyAffix(s, option, prefix)) {
                    return true;
                }
            }
            return false;
        }
        String a = String.valueOf(affix);
        return prefix ? s.startsWith(a) : s.endsWith(a);
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int n = 0, at; n < count && (at = s.indexOf(old, from)) >= 0 && !old.isEmpty(); n++, from = at + old.length()) {
            out.append(s, from, at).append(replacement);
        }
        return out.append(s.substring(from)).toString();
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean cased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
            out.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = cased;
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static long codePointIndex(String s, int charIndex) {
        return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String separator, Object items) {
        StringBuilder out = new StringBuilder();
        Iterator<?> it = items instanceof Iterable<?> iterable ? iterable.iterator() : List.of(items).iterator();
        while (it.hasNext()) {
            out.append(it.next());
            if (it.hasNext()) {
                out.append(separator);
            }
        }
        return out.toString();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
