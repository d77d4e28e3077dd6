package dev.llmsuite.tokenizer;

/**
 * Text to token ids and back. Every vocabulary family in this library (tiktoken byte-level BPE,
 * SentencePiece BPE, WordPiece) answers these questions; the family-specific options (special
 * token policy, BOS/EOS, truncation) live on the concrete classes.
 */
public interface Tokenizer {

    /** A stable name, e.g. {@code cl100k_base}. */
    String name();

    /** Number of ids, special tokens included. */
    int vocabularySize();

    /** Encodes ordinary text: special-token strings in it are treated as plain text. */
    int[] encode(String text);

    /** Same count as {@code encode(text).length}, possibly without materialising the ids. */
    default int count(String text) {
        return encode(text).length;
    }

    /** The raw bytes of a token sequence (a token may hold part of a UTF-8 character). */
    byte[] decodeBytes(int[] ids);

    /** Decodes to text; each maximal invalid UTF-8 subpart becomes one U+FFFD, as tiktoken does. */
    default String decode(int[] ids) {
        return Utf8Replacement.decode(decodeBytes(ids));
    }
}
