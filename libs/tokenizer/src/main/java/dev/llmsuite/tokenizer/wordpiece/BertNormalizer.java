package dev.llmsuite.tokenizer.wordpiece;

import java.text.Normalizer;

/**
 * The text clean-up BERT applies before splitting into words, matching Hugging Face's
 * {@code BertNormalizer} step for step: drop control characters and map every whitespace to a
 * space, put spaces around CJK ideographs (so each becomes its own word), strip accents
 * (NFD, then drop non-spacing marks) and lowercase.
 *
 * @param stripAccents Hugging Face's {@code strip_accents: null} means "same as lowercase"
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {

    public static BertNormalizer uncased() {
        return new BertNormalizer(true, true, true, true);
    }

    public String normalize(String text) {
        String result = text;
        if (cleanText || handleChineseChars) {
            result = cleanAndSpace(result);
        }
        if (stripAccents) {
            result = stripAccents(result);
        }
        if (lowercase) {
            result = lowercase(result);
        }
        return result;
    }

    private String cleanAndSpace(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                    return;
                }
                if (isWhitespace(cp)) {
                    out.append(' ');
                    return;
                }
            }
            if (handleChineseChars && isChineseChar(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String stripAccents(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * Lowercases one code point at a time, as Rust's {@code char::to_lowercase} does: unlike
     * {@link String#toLowerCase}, a word-final capital sigma stays a plain sigma. U+0130 is the
     * one character whose full lowercase mapping is two code points.
     */
    private static String lowercase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0x130) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
        });
        return out.toString();
    }

    /** Unicode's White_Space property, which is what the reference uses; \t \n \r count too. */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case '\t', '\n', '\u000B', '\u000C', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** General category "Other" (Cc, Cf, Cs, Co, Cn) except the three whitespace controls. */
    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /** The CJK Unified Ideograph blocks BERT treats as one-character words (not Hangul or kana). */
    private static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
