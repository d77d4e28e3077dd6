package dev.llmsuite.tokenizer.pretokenize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.LETTER;
import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.NUMBER;
import static dev.llmsuite.tokenizer.pretokenize.CodePointClass.WHITESPACE;

/**
 * cl100k_base's split pattern, {@link PreTokenizer#CL100K_PATTERN}, as a scanner. Its alternatives,
 * tried in order at each piece start:
 * <ol>
 *   <li>a contraction {@code 's 't 're 've 'm 'll 'd}, any case;</li>
 *   <li>a run of letters, optionally led by one character that is not a letter, digit or line break
 *       (typically the space before a word);</li>
 *   <li>one to three digits;</li>
 *   <li>punctuation/symbols, optionally after one space, with the line breaks that follow;</li>
 *   <li>whitespace (see {@link ScanningPreTokenizer#whitespaceEnd}).</li>
 * </ol>
 */
final class Cl100kScanner extends ScanningPreTokenizer {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    public String pattern() {
        return CL100K_PATTERN;
    }

    /**
     * Most pieces of Latin-script text are "word" or " word" in ASCII: alternative 2, whatever
     * follows. They are found here in the loop, with no call, because a call per piece (with the
     * registers the loop holds saved around it) would cost as much as the rest of the piece's
     * work; every other piece is found by {@link #otherEnd}. The text's zero padding ends every
     * run of letters by {@code n}.
     */
    @Override
    public void split(String text, Utf8Text utf8, PieceConsumer consumer) {
        byte[] s = utf8.bytes();
        int n = utf8.length();
        for (int i = 0; i < n; ) {
            int letters = s[i] == ' ' ? i + 1 : i;
            int end;
            if (isAsciiLetter(s[letters])) {
                end = lettersEnd(s, letters + 1, n);
            } else {
                end = otherEnd(s, i, n);
            }
            consumer.piece(s, i, end);
            i = end;
        }
    }

    private static int otherEnd(byte[] s, int i, int n) {
        int contraction = contractionLength(s, i, n);
        if (contraction > 0) {
            return i + contraction;
        }
        int cls = classAt(s, i);
        int next = i + Utf8Text.width(s[i]);
        if ((cls & LETTER) != 0) {
            return lettersEnd(s, next, n);
        }
        boolean leader = (cls & NUMBER) == 0 && !isLineBreak(s[i]);
        if (leader && next < n && (classAt(s, next) & LETTER) != 0) {
            return lettersEnd(s, next, n);
        }
        if ((cls & NUMBER) != 0) {
            return digitsEnd(s, next, n);
        }
        int symbolStart = s[i] == ' ' && next < n && isSymbol(classAt(s, next)) ? next : i;
        if (isSymbol(classAt(s, symbolStart))) {
            int end = symbolStart;
            while (end < n && isSymbol(classAt(s, end))) {
                end += Utf8Text.width(s[end]);
            }
            while (end < n && isLineBreak(s[end])) {
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

    private static int lettersEnd(byte[] s, int i, int n) {
        int end = asciiLettersEnd(s, i);
        return s[end] < 0 ? mixedLettersEnd(s, end, n) : end;
    }

    /**
     * The end of a run of ASCII letters, eight bytes at a time, so that a word's end is found by
     * arithmetic, not by the exit of a byte loop, which the CPU mispredicts once per word. The
     * zero padding after the text stops the run there.
     */
    private static int asciiLettersEnd(byte[] s, int i) {
        while (true) {
            long nonLetters = nonLetterBytes((long) LONGS.get(s, i));
            if (nonLetters != 0) {
                return i + (Long.numberOfTrailingZeros(nonLetters) >>> 3);
            }
            i += 8;
        }
    }

    /**
     * The high bit of each byte of a little-endian word that is not an ASCII letter (SWAR). With
     * the case bit set and the high bit cleared, a byte is a letter iff it lies in 0x61..0x7A:
     * adding 0x1F sets its high bit iff it is at least 0x61, adding 0x05 iff it is at least 0x7B,
     * and neither sum carries into the next byte.
     */
    private static long nonLetterBytes(long word) {
        long high = 0x8080808080808080L;
        long lower = (word | 0x2020202020202020L) & ~high;
        long letters = (lower + 0x1F1F1F1F1F1F1F1FL) & ~(lower + 0x0505050505050505L) & ~word & high;
        return letters ^ high;
    }

    private static int mixedLettersEnd(byte[] s, int i, int n) {
        while (i < n) {
            byte b = s[i];
            if (b >= 0 ? isAsciiLetter(b) : (classAt(s, i) & LETTER) != 0) {
                i += Utf8Text.width(b);
            } else {
                return i;
            }
        }
        return i;
    }

    private static boolean isAsciiLetter(byte b) {
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'z';
    }

    /** The end of {@code \p{N}{1,3}} whose first digit ends at {@code i}. */
    private static int digitsEnd(byte[] s, int i, int n) {
        for (int more = 0; more < 2 && i < n && (classAt(s, i) & NUMBER) != 0; more++) {
            i += Utf8Text.width(s[i]);
        }
        return i;
    }
}
