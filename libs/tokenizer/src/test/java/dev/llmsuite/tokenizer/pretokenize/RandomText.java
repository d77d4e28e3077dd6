package dev.llmsuite.tokenizer.pretokenize;

import java.util.Random;

/**
 * Seeded random strings that stress tiktoken's split patterns: every Unicode class the patterns
 * test (upper/lower/title/modifier/other letters, marks, digits of several kinds, every White_Space
 * character), contractions in any case including U+017F (long s, which matches 's' without case),
 * emoji and other supplementary characters, right-to-left scripts, control characters, whitespace
 * runs, and (only when asked) lone surrogates.
 */
public final class RandomText {

    private static final String[] FRAGMENTS = {
        "'s", "'S", "'t", "'re", "'RE", "'ve", "'m", "'ll", "'LL", "'d", "'\u017F", "'x", "''",
        " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n ", "\u000B", "\u000C", "\u0085", "\u00A0", "\u1680",
        "\u2000", "\u2007", "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", "\u001C", "\u001F", "\u200B",
        "The", "quick", "BROWN", "fOx", "camelCase", "HTTPServer", "don't", "I'M", "\u01C5ungla", "\u01C4\u01C6",
        "\u02B0\u02B1", "caf\u00E9", "cafe\u0301", "\u0301\u0302", "a\u0308\u0301", "\u0915\u094D\u0937", "\u0BA4\u0BBF",
        "\u4E2D\u6587", "\u65E5\u672C\u8A9E", "\uAC00\uB098", "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627",
        "\u0661\u0662\u0663", "\u00B2\u00B3", "\u216B\u2160", "0", "12", "123", "4567", "3.14", "1,000", "\uFF11\uFF12",
        "!", "?!", "...", "//", "/", " /", "/\n", "\u2014", "\u00AB\u00BB", "\u20AC", "@#$", "->", "=>", "{}", "\\n",
        "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD835\uDC00\uD835\uDC1A",
        "\uD840\uDC00", "\uD800\uDD07", "\u0000", "\u0007", "\u007F", "\u0080", "\u009F", "\uFEFF", "\uFFFD", "\uFFFF",
        "\u0130", "\u0131", "\u212A", "\u00DF", "\u1E9E", "\u0345", "\u20DD",
    };

    private final Random random;

    public RandomText(long seed) {
        this.random = new Random(seed);
    }

    /** A string of up to {@code maxParts} fragments or random code points; lone surrogates only if asked. */
    public String next(int maxParts, boolean loneSurrogates) {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(maxParts + 1);
        for (int i = 0; i < parts; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else if (kind < 8) {
                text.append((char) (0x20 + random.nextInt(0x5F)));
            } else if (kind == 8) {
                int cp = random.nextInt(0x10000);
                if (Character.isSurrogate((char) cp) && !loneSurrogates) {
                    cp = 'x';
                }
                text.append((char) cp);
            } else {
                text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
            }
        }
        return text.toString();
    }
}
