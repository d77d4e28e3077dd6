package dev.llmsuite.tokenizer.pretokenize;

import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.LETTER;
import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.LOWER;
import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.NUMBER;
import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.UPPER;
import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.WHITESPACE;

/**
 * o200k_base's split pattern, {@link PreTokenizer#O200K_PATTERN}, as a scanner. Words are split
 * by case ("camelCase" becomes "camel" + "Case"); its alternatives, tried in order:
 * <ol>
 *   <li>{@code P? U* W+ C?}: an optional leader P (not a letter, digit or line break), then
 *       "upper" letters U, then at least one "lower" letter W, then an optional contraction C;</li>
 *   <li>{@code P? U+ W* C?};</li>
 *   <li>one to three digits;</li>
 *   <li>punctuation/symbols, optionally after one space, with the line breaks and slashes after;</li>
 *   <li>whitespace (see {@link ScanningPreTokenizer#whitespaceEnd}).</li>
 * </ol>
 * Modifier letters, other letters and marks are both U and W, which is why alternative 1 has to
 * backtrack: U* may give characters back to W+.
 */
final class O200kScanner extends ScanningPreTokenizer {

    @Override
    public String pattern() {
        return O200K_PATTERN;
    }

    @Override
    public void split(String text, Utf8Text utf8, PieceConsumer consumer) {
        byte[] s = utf8.bytes();
        int n = utf8.length();
        for (int i = 0; i < n; ) {
            int end = pieceEnd(s, i, n);
            consumer.piece(s, i, end);
            i = end;
        }
    }

    /** The exclusive end of the piece that starts at {@code i}; {@code i < n}. */
    private static int pieceEnd(byte[] s, int i, int n) {
        int cls = classAt(s, i);
        int next = i + Utf8Text.width(s[i]);
        boolean leader = (cls & (LETTER | NUMBER)) == 0 && !isLineBreak(s[i]);
        int afterLeader = leader && next < n ? next : -1;
        // The optional leader is greedy: each word alternative first tries with it, then without.
        int end = afterLeader >= 0 ? upperThenLowerEnd(s, afterLeader, n) : -1;
        if (end < 0 && (cls & (UPPER | LOWER)) != 0) {
            end = upperThenLowerEnd(s, i, n);
        }
        if (end < 0 && afterLeader >= 0 && (classAt(s, afterLeader) & UPPER) != 0) {
            end = upperRunEnd(s, afterLeader, n);
        }
        if (end < 0 && (cls & UPPER) != 0) {
            end = upperRunEnd(s, i, n);
        }
        if (end >= 0) {
            return end + contractionLength(s, end, n);
        }
        if ((cls & NUMBER) != 0) {
            for (int more = 0; more < 2 && next < n && (classAt(s, next) & NUMBER) != 0; more++) {
                next += Utf8Text.width(s[next]);
            }
            return next;
        }
        int symbolStart = s[i] == ' ' && next < n && isSymbol(classAt(s, next)) ? next : i;
        if (isSymbol(classAt(s, symbolStart))) {
            end = symbolStart;
            while (end < n && isSymbol(classAt(s, end))) {
                end += Utf8Text.width(s[end]);
            }
            while (end < n && (isLineBreak(s[end]) || s[end] == '/')) {
                end++;
            }
            return end;
        }
        return whitespaceEnd(s, i, n);
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    private static boolean isSymbol(int cls) {
        return (cls & (LETTER | NUMBER | WHITESPACE)) == 0;
    }

    /**
     * {@code U* W+} at {@code p}, or -1. U* is greedy and backtracks, so W+ starts at the last
     * position (within the U run, or just after it) that holds a W character.
     */
    private static int upperThenLowerEnd(byte[] s, int p, int n) {
        int lowerStart = -1;
        int q = p;
        while (q < n) {
            byte b = s[q];
            int cls;
            if (b >= 0) {
                int lower = b | 0x20;
                if (lower < 'a' || lower > 'z') {
                    break;
                }
                // ASCII letters: lower case is W only, upper case is U only.
                cls = b >= 'a' ? LOWER : UPPER;
            } else {
                cls = classAt(s, q);
            }
            if ((cls & LOWER) != 0) {
                lowerStart = q;
            }
            if ((cls & UPPER) == 0) {
                break;
            }
            q += Utf8Text.width(b);
        }
        if (lowerStart < 0) {
            return -1;
        }
        return lowerRunEnd(s, lowerStart, n);
    }

    /** {@code U+ W*} at {@code p}, whose first character is known to be U. */
    private static int upperRunEnd(byte[] s, int p, int n) {
        while (p < n && (classAt(s, p) & UPPER) != 0) {
            p += Utf8Text.width(s[p]);
        }
        return lowerRunEnd(s, p, n);
    }

    private static int lowerRunEnd(byte[] s, int p, int n) {
        while (p < n) {
            byte b = s[p];
            if (b >= 'a' && b <= 'z') {
                p++;
            } else if (b < 0 && (classAt(s, p) & LOWER) != 0) {
                p += Utf8Text.width(b);
            } else {
                return p;
            }
        }
        return p;
    }
}
