package dev.llmsuite.tokenizer.sentencepiece;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.bpe.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * SentencePiece-style BPE as used by Llama vocabularies: spaces become "▁" (with one added in
 * front of the text), the text starts as one symbol per character, and adjacent symbols are
 * merged, highest-scoring vocabulary entry first (leftmost on ties), until no neighbouring pair
 * forms a vocabulary entry. Characters the vocabulary lacks fall back to byte tokens
 * {@code <0xXX>}. This is the procedure of SentencePiece and llama.cpp.
 *
 * <p>Control tokens ({@code <s>}, {@code </s>}) are never produced from text: a user cannot inject
 * them by typing their spelling.
 */
public final class SentencePieceTokenizer implements Tokenizer {

    private static final String SPACE = "\u2581";

    private final String name;
    private final String[] pieces;
    private final float[] scores;
    private final TokenKind[] kinds;
    private final boolean addSpacePrefix;
    private final Map<String, Integer> textTokens = new HashMap<>();
    private final int[] byteTokens = new int[256];
    private final int unknownId;

    public SentencePieceTokenizer(String name, String[] pieces, float[] scores, TokenKind[] kinds, boolean addSpacePrefix) {
        this.name = name;
        this.pieces = pieces.clone();
        this.scores = scores.clone();
        this.kinds = kinds.clone();
        this.addSpacePrefix = addSpacePrefix;
        Arrays.fill(byteTokens, -1);
        int unknown = -1;
        for (int id = 0; id < pieces.length; id++) {
            if (kinds[id] == TokenKind.BYTE) {
                byteTokens[Integer.parseInt(pieces[id].substring(3, 5), 16)] = id;
            } else if (kinds[id] == TokenKind.UNKNOWN && unknown < 0) {
                unknown = id;
            } else if (kinds[id].matchesText()) {
                textTokens.putIfAbsent(pieces[id], id);
            }
        }
        this.unknownId = unknown;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabularySize() {
        return pieces.length;
    }

    public String piece(int id) {
        return pieces[id];
    }

    public TokenKind kind(int id) {
        return kinds[id];
    }

    /** A symbol of the text being merged: a span of the normalized text in a linked list. */
    private static final class Symbol {
        int start;
        int end;
        int previous;
        int next;
    }

    private record Bigram(int left, int right, float score, int length) {
    }

    @Override
    public int[] encode(String text) {
        TokenBuffer out = new TokenBuffer(text.length() / 2 + 4);
        encode(text, addSpacePrefix, out);
        return out.toArray();
    }

    /** Whether this vocabulary puts a space in front of a text (of each text after a special token, in llama.cpp). */
    public boolean addsSpacePrefix() {
        return addSpacePrefix;
    }

    /** Appends the tokens of plain text to {@code out}, with a space in front of it if {@code spacePrefix}. */
    public void encode(String text, boolean spacePrefix, TokenBuffer out) {
        if (text.isEmpty()) {
            return;
        }
        String normalized = ((spacePrefix ? " " : "") + text).replace(" ", SPACE);
        Symbol[] symbols = new Symbol[normalized.codePointCount(0, normalized.length())];
        for (int i = 0, at = 0; i < symbols.length; i++) {
            Symbol s = new Symbol();
            s.start = at;
            at = normalized.offsetByCodePoints(at, 1);
            s.end = at;
            s.previous = i - 1;
            s.next = i + 1 < symbols.length ? i + 1 : -1;
            symbols[i] = s;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) ->
                a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        Map<String, int[]> mergedFrom = new HashMap<>();
        for (int i = 1; i < symbols.length; i++) {
            offer(normalized, symbols, i - 1, i, queue, mergedFrom);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            Symbol left = symbols[bigram.left];
            Symbol right = symbols[bigram.right];
            // Skip pairs made stale by an earlier merge of either side.
            if (left.start == left.end || right.start == right.end
                    || (left.end - left.start) + (right.end - right.start) != bigram.length) {
                continue;
            }
            left.end = right.end;
            right.start = right.end;
            left.next = right.next;
            if (right.next >= 0) {
                symbols[right.next].previous = bigram.left;
            }
            if (left.previous >= 0) {
                offer(normalized, symbols, left.previous, bigram.left, queue, mergedFrom);
            }
            if (left.next >= 0) {
                offer(normalized, symbols, bigram.left, left.next, queue, mergedFrom);
            }
        }
        for (int i = 0; i >= 0; i = symbols[i].next) {
            emit(normalized.substring(symbols[i].start, symbols[i].end), mergedFrom, out);
        }
    }

    private void offer(String text, Symbol[] symbols, int left, int right, PriorityQueue<Bigram> queue, Map<String, int[]> mergedFrom) {
        String joined = text.substring(symbols[left].start, symbols[right].end);
        Integer id = textTokens.get(joined);
        if (id == null) {
            return;
        }
        queue.add(new Bigram(left, right, scores[id], joined.length()));
        mergedFrom.put(joined, new int[] {symbols[left].start, symbols[left].end, symbols[right].start, symbols[right].end});
    }

    /** A merged symbol that is not itself a token is split back into the two symbols it came from. */
    private void emit(String symbol, Map<String, int[]> mergedFrom, TokenBuffer out) {
        Integer id = textTokens.get(symbol);
        if (id != null) {
            out.add(id);
            return;
        }
        int[] parts = mergedFrom.get(symbol);
        if (parts != null) {
            int base = parts[0];
            emit(symbol.substring(0, parts[1] - base), mergedFrom, out);
            emit(symbol.substring(parts[2] - base, parts[3] - base), mergedFrom, out);
            return;
        }
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
            int byteToken = byteTokens[b & 0xFF];
            out.add(byteToken >= 0 ? byteToken : unknownId);
        }
    }

    /** The bytes a token stands for: "▁" is a space, byte tokens are their byte, control and unknown tokens nothing. */
    public byte[] tokenBytes(int id) {
        return switch (kinds[id]) {
            case BYTE -> new byte[] {(byte) Integer.parseInt(pieces[id].substring(3, 5), 16)};
            case CONTROL, UNKNOWN -> new byte[0];
            default -> pieces[id].replace(SPACE, " ").getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= pieces.length) {
                throw new IllegalArgumentException("Token id " + id + " outside the vocabulary of " + pieces.length);
            }
            out.writeBytes(tokenBytes(id));
        }
        return out.toByteArray();
    }
}
