package dev.llmsuite.tokenizer.pretokenize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pre-tokenizer that runs a pattern with {@code java.util.regex}. {@code UNICODE_CHARACTER_CLASS}
 * gives {@code \s}, {@code \p{L}} and case-insensitive groups the Unicode meaning that tiktoken's
 * patterns have in Rust's regex engines.
 */
final class RegexPreTokenizer implements PreTokenizer {

    private final Pattern pattern;

    RegexPreTokenizer(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    @Override
    public String pattern() {
        return pattern.pattern();
    }

    @Override
    public void split(String text, Utf8Text utf8, PieceConsumer consumer) {
        int charPos = 0;
        int bytePos = 0;
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (matcher.start() != charPos) {
                throw new IllegalStateException("Pattern " + pattern + " leaves text between pieces unmatched at " + charPos);
            }
            int end = bytePos + utf8Length(text, charPos, matcher.end());
            consumer.piece(utf8.bytes(), bytePos, end);
            bytePos = end;
            charPos = matcher.end();
        }
        if (charPos != text.length()) {
            throw new IllegalStateException("Pattern " + pattern + " leaves the end of the text unmatched");
        }
    }

    /** The number of bytes {@link Utf8Text#of(String)} writes for {@code text[from, to)}. */
    private static int utf8Length(String text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Override
    public String toString() {
        return pattern();
    }
}
