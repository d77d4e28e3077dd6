package dev.llmsuite.tokenizer.training;

import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import dev.llmsuite.tokenizer.pretokenize.Utf8Text;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The corpus as BPE training sees it: every distinct pre-tokenized piece once, with how often it
 * occurs. English text has a few tens of thousands of distinct pieces against hundreds of thousands
 * of occurrences, so merging works on this table instead of on the text.
 *
 * <p>A piece starts as its UTF-8 bytes (token ids 0-255) and shrinks as merges rewrite it in place.
 */
final class Pieces {

    private final int[][] symbols;
    private final int[] lengths;
    private final long[] counts;

    private Pieces(int[][] symbols, long[] counts) {
        this.symbols = symbols;
        this.counts = counts;
        this.lengths = new int[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            lengths[i] = symbols[i].length;
        }
    }

    /** Splits the text with the pre-tokenizer and counts each distinct piece. */
    static Pieces of(String text, PreTokenizer pretokenizer) {
        Utf8Text utf8 = Utf8Text.of(text);
        // Keyed by the piece's bytes as Latin-1 (one char per byte): cheap to hash, no decoding.
        Map<String, long[]> seen = new HashMap<>();
        int from = 0;
        for (int end : pretokenizer.pieceEnds(text, utf8)) {
            String piece = new String(utf8.bytes(), from, end - from, StandardCharsets.ISO_8859_1);
            seen.computeIfAbsent(piece, p -> new long[1])[0]++;
            from = end;
        }
        int[][] symbols = new int[seen.size()][];
        long[] counts = new long[seen.size()];
        int next = 0;
        for (Map.Entry<String, long[]> entry : seen.entrySet()) {
            String piece = entry.getKey();
            int[] ids = new int[piece.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = piece.charAt(i);
            }
            symbols[next] = ids;
            counts[next] = entry.getValue()[0];
            next++;
        }
        return new Pieces(symbols, counts);
    }

    int size() {
        return symbols.length;
    }

    int length(int piece) {
        return lengths[piece];
    }

    int symbol(int piece, int position) {
        return symbols[piece][position];
    }

    long count(int piece) {
        return counts[piece];
    }

    boolean contains(int piece, int left, int right) {
        int[] s = symbols[piece];
        for (int i = 0, last = lengths[piece] - 1; i < last; i++) {
            if (s[i] == left && s[i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces each occurrence of {@code left right}, scanning left to right without overlap
     * (so {@code a a a} with the pair {@code a a} becomes {@code aa a}), by {@code token}.
     */
    void merge(int piece, int left, int right, int token) {
        int[] s = symbols[piece];
        int length = lengths[piece];
        int out = 0;
        for (int i = 0; i < length; i++) {
            if (i + 1 < length && s[i] == left && s[i + 1] == right) {
                s[out++] = token;
                i++;
            } else {
                s[out++] = s[i];
            }
        }
        lengths[piece] = out;
    }
}
