package dev.llmsuite.tokenizer.bpe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The {@code .tiktoken} vocabulary format: one line per mergeable byte sequence,
 * {@code base64(sequence) SPACE rank}, in rank order.
 */
public final class TiktokenFiles {

    private TiktokenFiles() {
    }

    /** Reads a whole {@code .tiktoken} stream (the caller closes it). */
    public static RankTable read(InputStream in) throws IOException {
        byte[] file = in.readAllBytes();
        Base64.Decoder base64 = Base64.getDecoder();
        RankTable.Builder table = new RankTable.Builder();
        int lineNumber = 0;
        for (int lineStart = 0; lineStart < file.length; ) {
            int lineEnd = lineStart;
            while (lineEnd < file.length && file[lineEnd] != '\n') {
                lineEnd++;
            }
            lineNumber++;
            int contentEnd = lineEnd > lineStart && file[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd > lineStart) {
                int space = lineStart;
                while (space < contentEnd && file[space] != ' ') {
                    space++;
                }
                if (space == contentEnd || space == lineStart) {
                    throw new IOException("Line " + lineNumber + " of a .tiktoken file is not 'base64 rank'");
                }
                byte[] sequence;
                int rank;
                try {
                    ByteBuffer decoded = base64.decode(ByteBuffer.wrap(file, lineStart, space - lineStart));
                    sequence = new byte[decoded.remaining()];
                    decoded.get(sequence);
                    rank = Integer.parseInt(new String(file, space + 1, contentEnd - space - 1, StandardCharsets.US_ASCII));
                    table.add(sequence, rank);
                } catch (IllegalArgumentException e) {
                    throw new IOException("Line " + lineNumber + " of a .tiktoken file: " + e.getMessage(), e);
                }
            }
            lineStart = lineEnd + 1;
        }
        try {
            return table.build();
        } catch (IllegalArgumentException e) {
            throw new IOException("Not a byte-level vocabulary: " + e.getMessage(), e);
        }
    }

    /** Writes a vocabulary in rank order. */
    public static void write(RankTable ranks, OutputStream out) throws IOException {
        Base64.Encoder base64 = Base64.getEncoder();
        for (int rank = 0; rank < ranks.rankLimit(); rank++) {
            if (ranks.contains(rank)) {
                writeLine(base64, ranks.bytes(rank), rank, out);
            }
        }
        out.flush();
    }

    /** Writes sequences whose rank is their index in the list. */
    public static void write(List<byte[]> sequencesByRank, OutputStream out) throws IOException {
        Base64.Encoder base64 = Base64.getEncoder();
        for (int rank = 0; rank < sequencesByRank.size(); rank++) {
            writeLine(base64, sequencesByRank.get(rank), rank, out);
        }
        out.flush();
    }

    private static void writeLine(Base64.Encoder base64, byte[] sequence, int rank, OutputStream out) throws IOException {
        out.write(base64.encode(sequence));
        out.write((" " + rank + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
