package dev.llmsuite.tokenizer.pretokenize;

/**
 * A pre-tokenizer written as a scanner over UTF-8 bytes: from a piece's first byte it finds the
 * piece's end, taking the alternatives of the pattern in order as a backtracking regex engine does.
 * No strings, no regex engine, no allocation per piece. Each scanner writes its own loop, so that
 * its common pieces are found inside the loop without a call; this class holds what both share.
 */
abstract class ScanningPreTokenizer implements PreTokenizer {

    @Override
    public String toString() {
        return pattern();
    }

    static int classAt(byte[] s, int i) {
        return CodePointClass.of(Utf8Text.codePointAt(s, i));
    }

    static boolean isLineBreak(byte b) {
        return b == '\r' || b == '\n';
    }

    /**
     * The end of {@code \s*[\r\n]+|\s+(?!\S)|\s+} at a whitespace character: up to the last line
     * break of the whitespace run; else the run minus its last character when more text follows
     * (that character then leads the next piece); else the whole run.
     */
    static int whitespaceEnd(byte[] s, int i, int n) {
        int end = i;
        int lastStart = i;
        int afterLineBreak = -1;
        while (end < n && (classAt(s, end) & CodePointClass.WHITESPACE) != 0) {
            if (isLineBreak(s[end])) {
                afterLineBreak = end + 1;
            }
            lastStart = end;
            end += Utf8Text.width(s[end]);
        }
        if (afterLineBreak >= 0) {
            return afterLineBreak;
        }
        if (end == n || lastStart == i) {
            return end;
        }
        return lastStart;
    }

    /** The length of {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)} at {@code i}, or 0. */
    static int contractionLength(byte[] s, int i, int n) {
        if (i + 1 >= n || s[i] != '\'') {
            return 0;
        }
        int c = s[i + 1] | 0x20;
        if (c == 's' || c == 't' || c == 'm' || c == 'd') {
            return 2;
        }
        // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S', so a case-insensitive 's' matches it.
        if ((s[i + 1] & 0xFF) == 0xC5 && i + 2 < n && (s[i + 2] & 0xFF) == 0xBF) {
            return 3;
        }
        if (i + 2 < n) {
            int d = s[i + 2] | 0x20;
            if ((c == 'r' && d == 'e') || (c == 'v' && d == 'e') || (c == 'l' && d == 'l')) {
                return 3;
            }
        }
        return 0;
    }
}
