package dev.llmsuite.tokenizer.pretokenize;

/** Receives the pieces of a text in order, as byte ranges of its UTF-8 encoding. */
@FunctionalInterface
public interface PieceConsumer {

    void piece(byte[] utf8, int start, int end);
}
