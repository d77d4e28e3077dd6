package dev.llmsuite.tokenizer.pretokenize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text as the UTF-8 bytes that byte-level BPE works on: {@code bytes[0, length)}, followed by
 * {@link #PADDING} zero bytes. The padding lets the scanners and the encoder read any piece as
 * whole 8-byte words, without a bounds branch at the end of the text, and the zeros stop a scan
 * for letters at {@code length}.
 *
 * <p>A lone UTF-16 surrogate cannot be written as UTF-8. tiktoken replaces it with U+FFFD (it
 * re-encodes the text with {@code errors="replace"}), so we do the same: the surrogate becomes the
 * three bytes {@code EF BF BD}. {@code String.getBytes(UTF_8)} would write {@code '?'} instead, so
 * its (fast) output is used only for text without lone surrogates, and other text is encoded by
 * hand. The result is valid UTF-8, which lets the scanners decode it without checks.
 */
public record Utf8Text(byte[] bytes, int length) {

    /** Zero bytes after the text. */
    public static final int PADDING = 8;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public Utf8Text {
        if (length < 0 || bytes.length < length + PADDING || (long) LONGS.get(bytes, length) != 0) {
            throw new IllegalArgumentException("UTF-8 text needs " + PADDING + " zero bytes after its " + length + " bytes");
        }
    }

    public static Utf8Text of(String text) {
        // The JDK's encoder is vectorised, and its output is ours unless it replaced a lone
        // surrogate with '?'. It writes each lone surrogate as one '?' byte, and nothing else as
        // that byte but '?' itself (the bytes of a multi-byte character are all at least 0x80), so
        // its output is ours when it holds no '?' byte at all, or as many as the text holds '?'
        // chars. Each check is one fast pass, where a check char by char would cost more than
        // the encoding itself.
        byte[] jdk = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(jdk, jdk.length + PADDING);
        if (questionMarks(padded, jdk.length, true) > 0
                && questionMarks(padded, jdk.length, false) != questionMarks(text)) {
            return encode(text);
        }
        return new Utf8Text(padded, jdk.length);
    }

    private static int questionMarks(String text) {
        int count = 0;
        for (int i = text.indexOf('?'); i >= 0; i = text.indexOf('?', i + 1)) {
            count++;
        }
        return count;
    }

    /**
     * The '?' bytes in {@code bytes[0, length)}, eight at a time (a byte is '?' iff it is zero after
     * XOR with 0x3F; the zero padding holds none), or just 1 for any when {@code firstOnly}.
     */
    private static int questionMarks(byte[] bytes, int length, boolean firstOnly) {
        long low7 = 0x7F7F7F7F7F7F7F7FL;
        int count = 0;
        for (int i = 0; i < length; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ 0x3F3F3F3F3F3F3F3FL;
            long zeroBytes = ~(((x & low7) + low7) | x | low7);
            if (zeroBytes != 0) {
                if (firstOnly) {
                    return 1;
                }
                count += Long.bitCount(zeroBytes);
            }
        }
        return count;
    }

    /** Encodes by hand, into a buffer big enough for three bytes per char. */
    private static Utf8Text encode(String text) {
        int n = text.length();
        byte[] out = new byte[n * 3 + PADDING];
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
