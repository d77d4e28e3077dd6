package dev.llmsuite.tokenizer.bytelevel;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.bpe.TokenBuffer;
import dev.llmsuite.tokenizer.gguf.BpeSplitting;
import dev.llmsuite.tokenizer.sentencepiece.TokenKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Byte-level BPE as GGUF files carry it (GPT-2, Llama 3, Qwen2, SmolLM): tokens spelled with
 * GPT-2's printable stand-ins for bytes ({@link ByteAlphabet}) and an ordered list of merges
 * ("Ġ t" merges "Ġ" with "t"). Text is cut into words ({@link BpeSplitting}); each word starts as
 * one symbol per byte, and the adjacent pair with the lowest merge rank (leftmost on ties) is
 * merged until no pair has a merge. A final symbol that is not a token falls back to its bytes'
 * tokens. This is llama.cpp's procedure, and its token ids are ours.
 *
 * <p>Symbols are ints: token ids, and above them the few strings that merges name but the
 * vocabulary lacks. Control tokens are never produced from text.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {

    private final String name;
    private final String[] tokens;
    private final TokenKind[] kinds;
    private final BpeSplitting splitting;
    private final Map<String, Integer> symbols = new HashMap<>();
    /** The token each symbol is, or -1 for a symbol that is not a (non-control) token. */
    private final int[] symbolToken;
    private final byte[][] symbolBytes;
    private final int[] byteSymbol = new int[256];
    private final int[] byteToken = new int[256];
    /** (left symbol, right symbol) to (rank << 32 | merged symbol). */
    private final Map<Long, Long> merges = new HashMap<>();

    /**
     * @param kinds      GGUF token types; control tokens are never produced from text
     * @param mergeList  "left right" pairs, highest priority first
     */
    public ByteLevelBpeTokenizer(String name, String[] tokens, TokenKind[] kinds, String[] mergeList, BpeSplitting splitting) {
        this.name = name;
        this.tokens = tokens.clone();
        this.kinds = kinds.clone();
        this.splitting = splitting;
        List<byte[]> bytesOfSymbol = new ArrayList<>();
        for (int id = 0; id < tokens.length; id++) {
            symbols.putIfAbsent(tokens[id], id);
            bytesOfSymbol.add(spelledBytes(tokens[id]));
        }
        for (int rank = 0; rank < mergeList.length; rank++) {
            String merge = mergeList[rank];
            int space = merge.indexOf(' ', 1);
            if (space < 0) {
                continue;
            }
            int left = symbol(merge.substring(0, space), bytesOfSymbol);
            int right = symbol(merge.substring(space + 1), bytesOfSymbol);
            int merged = symbol(merge.substring(0, space) + merge.substring(space + 1), bytesOfSymbol);
            merges.putIfAbsent(pair(left, right), ((long) rank << 32) | merged);
        }
        for (int b = 0; b < 256; b++) {
            byteSymbol[b] = symbol(ByteAlphabet.spell(new byte[] {(byte) b}), bytesOfSymbol);
        }
        this.symbolBytes = bytesOfSymbol.toArray(byte[][]::new);
        this.symbolToken = new int[symbolBytes.length];
        for (int s = 0; s < symbolToken.length; s++) {
            symbolToken[s] = s < tokens.length && kinds[s] != TokenKind.CONTROL ? s : -1;
        }
        for (int b = 0; b < 256; b++) {
            byteToken[b] = symbolToken[byteSymbol[b]];
        }
    }

    private int symbol(String text, List<byte[]> bytesOfSymbol) {
        Integer id = symbols.get(text);
        if (id != null) {
            return id;
        }
        symbols.put(text, bytesOfSymbol.size());
        bytesOfSymbol.add(spelledBytes(text));
        return bytesOfSymbol.size() - 1;
    }

    /** The bytes a byte-level spelling stands for; a token outside the alphabet (an added token) stands for its UTF-8. */
    private static byte[] spelledBytes(String text) {
        try {
            return ByteAlphabet.bytes(text);
        } catch (IllegalArgumentException notSpelled) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabularySize() {
        return tokens.length;
    }

    public String token(int id) {
        return tokens[id];
    }

    @Override
    public int[] encode(String text) {
        TokenBuffer out = new TokenBuffer(text.length() / 3 + 4);
        encode(text, out);
        return out.toArray();
    }

    /** Appends the tokens of plain text (no special tokens in it) to {@code out}. */
    public void encode(String text, TokenBuffer out) {
        splitting.split(text, (start, end) -> encodeWord(text.substring(start, end).getBytes(StandardCharsets.UTF_8), out));
    }

    private void encodeWord(byte[] word, TokenBuffer out) {
        if (splitting.ignoreMerges() && word.length > 1) {
            Integer whole = symbols.get(ByteAlphabet.spell(word));
            if (whole != null && whole < tokens.length && symbolToken[whole] >= 0) {
                out.add(whole);
                return;
            }
        }
        int n = word.length;
        int[] symbol = new int[n];
        int[] next = new int[n];
        int[] previous = new int[n];
        for (int i = 0; i < n; i++) {
            symbol[i] = byteSymbol[word[i] & 0xFF];
            next[i] = i + 1 < n ? i + 1 : -1;
            previous[i] = i - 1;
        }
        // Candidate merges ordered by rank, then by position; a candidate made stale by an
        // earlier merge no longer has that rank at that position and is skipped.
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i + 1 < n; i++) {
            offer(symbol, i, i + 1, queue);
        }
        while (!queue.isEmpty()) {
            long[] candidate = queue.poll();
            int left = (int) candidate[1];
            int right = next[left];
            if (symbol[left] < 0 || right < 0 || rank(symbol[left], symbol[right]) != candidate[0]) {
                continue;
            }
            symbol[left] = (int) (merges.get(pair(symbol[left], symbol[right])) & 0xFFFFFFFFL);
            symbol[right] = -1;
            next[left] = next[right];
            if (next[left] >= 0) {
                previous[next[left]] = left;
            }
            if (previous[left] >= 0) {
                offer(symbol, previous[left], left, queue);
            }
            if (next[left] >= 0) {
                offer(symbol, left, next[left], queue);
            }
        }
        for (int i = 0; i >= 0; i = next[i]) {
            int token = symbolToken[symbol[i]];
            if (token >= 0) {
                out.add(token);
            } else {
                for (byte b : symbolBytes[symbol[i]]) {
                    if (byteToken[b & 0xFF] >= 0) {
                        out.add(byteToken[b & 0xFF]);
                    }
                }
            }
        }
    }

    private void offer(int[] symbol, int left, int right, PriorityQueue<long[]> queue) {
        long rank = rank(symbol[left], symbol[right]);
        if (rank >= 0) {
            queue.add(new long[] {rank, left});
        }
    }

    private long rank(int left, int right) {
        Long merge = merges.get(pair(left, right));
        return merge == null ? -1 : merge >>> 32;
    }

    /**
     * The bytes a token stands for: a normal token its byte-level spelling, an added (user-defined)
     * token its text, a control token nothing.
     */
    public byte[] tokenBytes(int id) {
        return switch (kinds[id]) {
            case CONTROL, UNKNOWN -> new byte[0];
            case USER_DEFINED -> tokens[id].getBytes(StandardCharsets.UTF_8);
            default -> symbolBytes[id];
        };
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException("Token id " + id + " outside the vocabulary of " + tokens.length);
            }
            out.writeBytes(tokenBytes(id));
        }
        return out.toByteArray();
    }
}
