package dev.llmsuite.tokenizer;

/**
 * Bytes to text the way tiktoken's {@code decode} does it (Python's {@code errors="replace"}): valid
 * UTF-8 decodes normally, and each maximal subpart of an ill-formed sequence becomes one U+FFFD, the
 * practice the Unicode Standard recommends (chapter 3, "U+FFFD Substitution of Maximal Subparts").
 * A maximal subpart is the longest prefix of a well-formed sequence (Unicode Table 3-7) that the
 * bytes begin with, or a single byte when not even that prefix exists; so {@code ED A0 80}, a
 * surrogate that UTF-8 may not encode, gives three U+FFFD, since {@code A0} may not follow {@code ED}.
 */
public final class Utf8Replacement {

    private static final char REPLACEMENT = '\uFFFD';

    private Utf8Replacement() {
    }

    public static String decode(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                text.append((char) lead);
                i++;
                continue;
            }
            int length = sequenceLength(lead);
            int matched = 1;
            while (matched < length && i + matched < bytes.length && fitsContinuation(lead, matched, bytes[i + matched] & 0xFF)) {
                matched++;
            }
            if (length > 0 && matched == length) {
                text.appendCodePoint(codePoint(bytes, i, length));
            } else {
                text.append(REPLACEMENT);
            }
            i += matched;
        }
        return text.toString();
    }

    /** Bytes in the sequence a lead byte starts, or 0 when the byte cannot start one (80..C1, F5..FF). */
    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 0;
    }

    /**
     * Whether a byte may stand at a position after the lead: 80..BF, except that the second byte is
     * narrowed after E0 (no overlong forms), ED (no surrogates), F0 (no overlong forms) and F4 (nothing
     * past U+10FFFF).
     */
    private static boolean fitsContinuation(int lead, int position, int b) {
        if (position == 1) {
            return switch (lead) {
                case 0xE0 -> b >= 0xA0 && b <= 0xBF;
                case 0xED -> b >= 0x80 && b <= 0x9F;
                case 0xF0 -> b >= 0x90 && b <= 0xBF;
                case 0xF4 -> b >= 0x80 && b <= 0x8F;
                default -> b >= 0x80 && b <= 0xBF;
            };
        }
        return b >= 0x80 && b <= 0xBF;
    }

    private static int codePoint(byte[] bytes, int start, int length) {
        int lead = bytes[start] & 0xFF;
        int value = lead & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
            value = (value << 6) | (bytes[start + k] & 0x3F);
        }
        return value;
    }
}
