package dev.llmsuite.tokenizer.pretokenize;

import java.nio.charset.StandardCharsets;

/**
 * A text as the UTF-8 bytes that byte-level BPE works on: {@code bytes[0, length)}.
 *
 * <p>A lone UTF-16 surrogate cannot be written as UTF-8. tiktoken replaces it with U+FFFD (it
 * re-encodes the text with {@code errors="replace"}), so we do the same: the surrogate becomes the
 * three bytes {@code EF BF BD}. {@code String.getBytes(UTF_8)} would write {@code '?'} instead, so
 * its (fast) output is used only for text without lone surrogates, and other text is encoded by
 * hand. The result is valid UTF-8, which lets the scanners decode it without checks.
 */
public record Utf8Text(byte[] bytes, int length) {

    public static Utf8Text of(String text) {
        int n = text.length();
        // The JDK's encoder is vectorised, and its output is ours unless it replaced a lone
        // surrogate with '?'. When it wrote one byte per char, every char was ASCII or such a
        // surrogate: the bytes read back as Latin-1 give the text again only in the first case
        // (a vectorised comparison too). Otherwise only a lone surrogate spoils it: a single emoji
        // (a surrogate pair) must not send a whole file down the slow path.
        byte[] jdk = text.getBytes(StandardCharsets.UTF_8);
        boolean exact = jdk.length == n
                ? new String(jdk, StandardCharsets.ISO_8859_1).equals(text)
                : !hasLoneSurrogate(text);
        return exact ? new Utf8Text(jdk, jdk.length) : encode(text);
    }

    private static boolean hasLoneSurrogate(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** Encodes by hand, into a buffer big enough for three bytes per char. */
    private static Utf8Text encode(String text) {
        int n = text.length();
        byte[] out = new byte[n * 3];
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[o++] = (byte) (0xF0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char written = Character.isSurrogate(c) ? '\uFFFD' : c;
                out[o++] = (byte) (0xE0 | (written >> 12));
                out[o++] = (byte) (0x80 | ((written >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (written & 0x3F));
            }
        }
        return new Utf8Text(out, o);
    }

    /** How many bytes the character starting with this lead byte occupies. */
    public static int width(byte lead) {
        int b = lead & 0xFF;
        return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }

    /** The code point starting at {@code i} of valid UTF-8. */
    public static int codePointAt(byte[] s, int i) {
        int b = s[i] & 0xFF;
        if (b < 0x80) {
            return b;
        }
        if (b < 0xE0) {
            return ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
        }
        if (b < 0xF0) {
            return ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        }
        return ((b & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    }
}
