package dev.llmsuite.generation.chat.jinja;

import java.util.regex.Pattern;

/**
 * Rewrites the spots of Jinja source that Jinjava reads differently, so that it renders what Jinja
 * renders:
 * <ul>
 * <li>the template's final newline, which Jinja drops from the source (Jinjava's own option drops
 * it from the output instead);</li>
 * <li>{@code trim_blocks} and {@code lstrip_blocks} are applied here, by Jinja's lexer rules:
 * Jinjava strips the spaces before any block tag, also after an expression on the same line
 * ({@code {{ x }} {% endfor %}}), where Jinja strips them only from the start of a line;</li>
 * <li>the reversing slice {@code xs[::-1]} (Qwen3 walks its messages backwards with it), which
 * Jinjava cannot parse, becomes {@code (xs|reverse|list)};</li>
 * <li>a keyword argument's value is parenthesised: Jinjava binds {@code name=} tighter than
 * {@code -} or {@code ~}, so {@code namespace(last=messages|length - 1)} would subtract from the
 * argument instead of computing it (Qwen3 again).</li>
 * </ul>
 */
final class JinjaDialect {

    /** A variable, with attribute and item lookups, followed by [::-1]. */
    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][A-Za-z_0-9]*(?:\\.[A-Za-z_][A-Za-z_0-9]*|\\[[^\\[\\]]*\\])*)\\[::-1\\]");

    private JinjaDialect() {
    }

    static String forJinjava(String source) {
        String text = source.endsWith("\r\n") ? source.substring(0, source.length() - 2)
                : source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        return keywordArgumentsParenthesised(REVERSED.matcher(blocksTrimmed(text)).replaceAll("($1|reverse|list)"));
    }

    /**
     * Jinja's {@code trim_blocks} (the newline after a block or comment tag goes) and
     * {@code lstrip_blocks} (spaces between a line's start and a block or comment tag go), as its
     * lexer applies them: a line starts after a newline in the text, at the template's start, or
     * right after a tag whose end ate a newline. Block tags with {@code -} are left to Jinjava,
     * which strips those as Jinja does; {@code +} turns both off. Comments are removed here,
     * with the whitespace their markers strip, since Jinjava trims around {@code {#-} differently.
     */
    static String blocksTrimmed(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean lineStarting = true;
        boolean raw = false;
        int i = 0;
        while (i < s.length()) {
            int open = raw ? endRaw(s, i) : nextTag(s, i, true);
            if (open < 0) {
                out.append(s, i, s.length());
                break;
            }
            char kind = s.charAt(open + 1);
            char sign = open + 2 < s.length() ? s.charAt(open + 2) : ' ';
            String text = s.substring(i, open);
            if (kind == '#' && sign == '-') {
                text = PythonStringMethods.strip(text, null, false, true);
            } else if (kind != '{' && sign != '-' && sign != '+') {
                int lineStart = text.lastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && lineStart < text.length() && onlySpaces(text, lineStart)) {
                    text = text.substring(0, lineStart);
                }
            }
            out.append(text);
            int end = kind == '#' ? commentEnd(s, open + 2) : tagEnd(s, open + 2, kind == '{' ? "}}" : "%}");
            String tag = s.substring(open, end);
            if (kind != '#') {
                out.append(tag);
            }
            boolean rawBegins = kind == '%' && tag.matches("(?s)\\{%[-+]?\\s*raw\\s*[-+]?%}");
            raw = rawBegins;
            i = end;
            char closeSign = tag.length() >= 3 ? tag.charAt(tag.length() - 3) : ' ';
            if (closeSign == '-') {
                int j = end;
                while (j < s.length() && PythonStringMethods.isSpace(s.charAt(j))) {
                    j++;
                }
                lineStarting = j > end && s.charAt(j - 1) == '\n';
                if (kind == '#') {
                    i = j;
                }
            } else if (kind != '{' && closeSign != '+' && !rawBegins && end < s.length() && s.charAt(end) == '\n') {
                i = end + 1;
                lineStarting = true;
            } else {
                lineStarting = false;
            }
        }
        return out.toString();
    }

    private static boolean onlySpaces(String text, int from) {
        for (int k = from; k < text.length(); k++) {
            if (!PythonStringMethods.isSpace(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int commentEnd(String s, int from) {
        int close = s.indexOf("#}", from);
        return close < 0 ? s.length() : close + 2;
    }

    /** The start of the {@code {% endraw %}} tag that closes a raw block. */
    private static int endRaw(String s, int from) {
        java.util.regex.Matcher m = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}").matcher(s);
        return m.find(from) ? m.start() : -1;
    }

    /** The names of the filters a template applies ({@code x | trim} gives "trim"), string literals skipped. */
    static java.util.Set<String> filterNames(String source) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (int i = nextTag(source, 0, false); i >= 0; i = nextTag(source, i, false)) {
            int end = tagEnd(source, i + 2, source.charAt(i + 1) == '{' ? "}}" : "%}");
            for (int k = i + 2; k < end; k++) {
                char c = source.charAt(k);
                if (c == '\'' || c == '"') {
                    k = stringEnd(source, k);
                } else if (c == '|') {
                    int start = k + 1;
                    while (start < end && source.charAt(start) == ' ') {
                        start++;
                    }
                    int stop = start;
                    while (stop < end && Character.isJavaIdentifierPart(source.charAt(stop))) {
                        stop++;
                    }
                    if (stop > start) {
                        names.add(source.substring(start, stop));
                    }
                }
            }
            i = end;
        }
        return names;
    }

    /** Wraps {@code value} in {@code f(name=value, ...)} in parentheses, inside expression and statement tags (not macro definitions). */
    static String keywordArgumentsParenthesised(String source) {
        StringBuilder out = new StringBuilder(source.length() + 16);
        int i = 0;
        while (i < source.length()) {
            int open = nextTag(source, i, false);
            if (open < 0) {
                out.append(source, i, source.length());
                break;
            }
            String close = source.charAt(open + 1) == '{' ? "}}" : "%}";
            int end = tagEnd(source, open + 2, close);
            out.append(source, i, open);
            String tag = source.substring(open, end);
            boolean macro = tag.matches("(?s)\\{%-?\\s*(macro|call)\\b.*");
            out.append(macro ? tag : rewriteTag(tag));
            i = end;
        }
        return out.toString();
    }

    /** The next {@code {{} or {@code {%} (and {@code {#} if {@code comments}). */
    private static int nextTag(String s, int from, boolean comments) {
        int best = -1;
        for (String start : comments ? new String[] {"{{", "{%", "{#"} : new String[] {"{{", "{%"}) {
            int at = s.indexOf(start, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** The index after the closing delimiter, skipping string literals. */
    private static int tagEnd(String s, int from, String close) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(s, i);
            } else if (s.startsWith(close, i)) {
                return i + close.length();
            }
        }
        return s.length();
    }

    private static int stringEnd(String s, int quote) {
        char q = s.charAt(quote);
        for (int i = quote + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == q) {
                return i;
            }
        }
        return s.length() - 1;
    }

    private static String rewriteTag(String tag) {
        StringBuilder out = new StringBuilder(tag.length() + 8);
        // Per open bracket: true for a call's parentheses, where name=value is a keyword argument.
        java.util.ArrayDeque<Boolean> calls = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> wrapping = new java.util.ArrayDeque<>();
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(tag, i);
                out.append(tag, i, end + 1);
                i = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                calls.push(c == '(' && i > 0 && (Character.isJavaIdentifierPart(tag.charAt(i - 1)) || tag.charAt(i - 1) == ')'));
                wrapping.push(0);
            } else if ((c == ')' || c == ']' || c == '}') && !calls.isEmpty()) {
                closeWrap(out, wrapping);
                calls.pop();
                wrapping.pop();
            } else if (c == ',' && !calls.isEmpty()) {
                closeWrap(out, wrapping);
            } else if (c == '=' && !calls.isEmpty() && calls.peek() && isKeywordEquals(tag, i)) {
                out.append("=(");
                wrapping.pop();
                wrapping.push(1);
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static void closeWrap(StringBuilder out, java.util.ArrayDeque<Integer> wrapping) {
        if (!wrapping.isEmpty() && wrapping.peek() == 1) {
            out.append(')');
            wrapping.pop();
            wrapping.push(0);
        }
    }

    /** A single {@code =} after a name: not {@code ==}, {@code !=}, {@code <=} or {@code >=}. */
    private static boolean isKeywordEquals(String s, int i) {
        char before = i > 0 ? s.charAt(i - 1) : ' ';
        char after = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
        if (after == '=' || "=!<>".indexOf(before) >= 0) {
            return false;
        }
        int j = i - 1;
        while (j >= 0 && s.charAt(j) == ' ') {
            j--;
        }
        return j >= 0 && Character.isJavaIdentifierPart(s.charAt(j));
    }
}
