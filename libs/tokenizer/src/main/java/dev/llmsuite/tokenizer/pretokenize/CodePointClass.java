package dev.llmsuite.tokenizer.pretokenize;

/**
 * The Unicode classes that tiktoken's split patterns test, as bit flags per code point, with the
 * meaning {@code java.util.regex} gives them under {@code UNICODE_CHARACTER_CLASS} (the reference
 * the scanners are proven against):
 * {@code \p{L}}, {@code \p{N}}, {@code \s} (the White_Space property), and o200k's two letter
 * sets, "upper" {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]} and "lower" {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}.
 *
 * <p>The whole Basic Multilingual Plane is tabulated once (64 KiB) so that the scanners' hot loop is
 * an array load; the rare supplementary code points ask {@link Character#getType(int)} directly.
 */
public final class CodePointClass {

    public static final int LETTER = 1;
    public static final int NUMBER = 2;
    public static final int WHITESPACE = 4;
    public static final int UPPER = 8;
    public static final int LOWER = 16;

    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int cp = 0; cp < BMP.length; cp++) {
            BMP[cp] = (byte) compute(cp);
        }
    }

    private CodePointClass() {
    }

    /** The flags of one code point. */
    public static int of(int codePoint) {
        return codePoint < 0x10000 ? BMP[codePoint] : compute(codePoint);
    }

    private static int compute(int cp) {
        int flags = 0;
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.TITLECASE_LETTER -> flags = LETTER | UPPER;
            case Character.LOWERCASE_LETTER -> flags = LETTER | LOWER;
            case Character.MODIFIER_LETTER, Character.OTHER_LETTER -> flags = LETTER | UPPER | LOWER;
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK ->
                    flags = UPPER | LOWER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> flags = NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> flags = WHITESPACE;
            default -> flags = 0;
        }
        // White_Space also holds these controls: TAB, LF, VT, FF, CR and NEL.
        if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85) {
            flags = WHITESPACE;
        }
        return flags;
    }
}
