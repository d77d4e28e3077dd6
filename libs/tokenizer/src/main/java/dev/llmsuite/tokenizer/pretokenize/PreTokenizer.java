package dev.llmsuite.tokenizer.pretokenize;

import java.util.Arrays;

/**
 * The first stage of tiktoken's encoder: it cuts text into pieces with a regular expression, and
 * byte-pair merging then runs inside each piece only (so a token never spans two pieces).
 *
 * <p>The built-in encodings use {@link #GPT2} (r50k_base, p50k_base), {@link #CL100K} and
 * {@link #O200K}; the last two are hand-written scanners that the tests prove equal to the regular
 * expression they stand for. {@link #regex(String)} accepts any other pattern, e.g. for a vocabulary
 * trained here.
 */
public interface PreTokenizer {

    /** The split pattern of r50k_base and p50k_base (GPT-2). */
    String GPT2_PATTERN = "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** The split pattern of cl100k_base. */
    String CL100K_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** The split pattern of o200k_base. */
    String O200K_PATTERN = String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+");

    PreTokenizer GPT2 = new RegexPreTokenizer(GPT2_PATTERN);
    PreTokenizer CL100K = new Cl100kScanner();
    PreTokenizer O200K = new O200kScanner();

    /** A pre-tokenizer for any pattern, with the Unicode semantics tiktoken's patterns assume. */
    static PreTokenizer regex(String pattern) {
        return new RegexPreTokenizer(pattern);
    }

    /** The regular expression this pre-tokenizer splits by. */
    String pattern();

    /**
     * Cuts a text into pieces and hands each to the consumer, in order; the first piece starts at 0
     * of {@code utf8.bytes()} and the last ends at {@code utf8.length()}.
     *
     * @param text the text itself
     * @param utf8 the same text as {@link Utf8Text#of(String)} encodes it
     */
    void split(String text, Utf8Text utf8, PieceConsumer consumer);

    /** The exclusive end offset of each piece in {@code utf8.bytes()}. */
    default int[] pieceEnds(String text, Utf8Text utf8) {
        int[][] ends = {new int[16]};
        int[] count = {0};
        split(text, utf8, (bytes, start, end) -> {
            if (count[0] == ends[0].length) {
                ends[0] = Arrays.copyOf(ends[0], count[0] * 2);
            }
            ends[0][count[0]++] = end;
        });
        return Arrays.copyOf(ends[0], count[0]);
    }
}
