package dev.llmsuite.tokenizer.sentencepiece;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * llama2.c's {@code tokenizer.bin}: int32 max token length, then per token a float32 score, an
 * int32 byte length and the UTF-8 bytes. Its exporter wrote SentencePiece's "▁" as a plain space
 * and wrapped BOS/EOS in newlines; both are undone here so the vocabulary reads like a GGUF one.
 * Ids 0, 1, 2 are unknown, BOS and EOS, as in every Llama 2 vocabulary.
 */
public record Llama2cTokenizerFile(String[] pieces, float[] scores, TokenKind[] kinds) {

    public static final int BOS = 1;
    public static final int EOS = 2;

    /** Reads every token in the file. */
    public static Llama2cTokenizerFile read(Path path) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        in.getInt();
        int count = 0;
        while (in.remaining() >= 8) {
            in.getFloat();
            int length = in.getInt();
            in.position(in.position() + length);
            count++;
        }
        return read(path, count);
    }

    /** Reads the first {@code vocabularySize} tokens (a checkpoint's header says how many it uses). */
    public static Llama2cTokenizerFile read(Path path, int vocabularySize) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        in.getInt();
        String[] pieces = new String[vocabularySize];
        float[] scores = new float[vocabularySize];
        TokenKind[] kinds = new TokenKind[vocabularySize];
        for (int id = 0; id < vocabularySize; id++) {
            if (in.remaining() < 8) {
                throw new IOException(path + " holds fewer than the model's " + vocabularySize + " tokens");
            }
            scores[id] = in.getFloat();
            byte[] bytes = new byte[in.getInt()];
            in.get(bytes);
            String piece = new String(bytes, StandardCharsets.UTF_8);
            kinds[id] = id == 0 ? TokenKind.UNKNOWN
                    : id == BOS || id == EOS ? TokenKind.CONTROL
                    : piece.matches("<0x[0-9A-F]{2}>") ? TokenKind.BYTE
                    : TokenKind.NORMAL;
            pieces[id] = switch (id) {
                case BOS -> "<s>";
                case EOS -> "</s>";
                default -> kinds[id] == TokenKind.NORMAL ? piece.replace(' ', '\u2581') : piece;
            };
        }
        return new Llama2cTokenizerFile(pieces, scores, kinds);
    }

    public SentencePieceTokenizer tokenizer(String name) {
        return new SentencePieceTokenizer(name, pieces, scores, kinds, true);
    }
}
