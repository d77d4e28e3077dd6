package dev.llmsuite.tokenizer.training;

import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a byte-level BPE vocabulary the way GPT-2 and tiktoken vocabularies were made: start from
 * the 256 byte values, then repeatedly merge the adjacent pair of tokens that occurs most often in
 * the corpus into a new token, until the vocabulary has the requested size.
 *
 * <p>The corpus is first split by a pre-tokenizer pattern (cl100k's, for instance), so a merge never
 * crosses a piece boundary: tokens never glue a word to the punctuation or space after it.
 *
 * <p>Ties between equally frequent pairs go to the smallest (left id, right id), so the same corpus
 * always yields the same vocabulary.
 */
public final class BpeTrainer {

    private static final int BYTE_TOKENS = 256;

    private final PreTokenizer pretokenizer;

    /** @param pretokenizer splits text into pieces, e.g. {@link PreTokenizer#CL100K} */
    public BpeTrainer(PreTokenizer pretokenizer) {
        this.pretokenizer = pretokenizer;
    }

    /**
     * Learns {@code vocabularySize - 256} merges. Stops early, with a smaller vocabulary, when the
     * corpus runs out of pairs (every piece has become a single token).
     */
    public TrainedVocabulary train(String corpus, int vocabularySize, TrainingProgress progress) {
        if (vocabularySize < BYTE_TOKENS) {
            throw new IllegalArgumentException("vocabulary size must be at least " + BYTE_TOKENS
                    + " (one token per byte value), got " + vocabularySize);
        }
        Pieces pieces = Pieces.of(corpus, pretokenizer);
        PairIndex index = PairIndex.of(pieces);

        List<byte[]> tokens = new ArrayList<>(vocabularySize);
        Map<String, Integer> idsByBytes = new HashMap<>();
        for (int b = 0; b < BYTE_TOKENS; b++) {
            tokens.add(new byte[] {(byte) b});
            idsByBytes.put(key(tokens.get(b)), b);
        }

        int planned = vocabularySize - BYTE_TOKENS;
        List<Merge> merges = new ArrayList<>(planned);
        int[] lastVisited = new int[pieces.size()];
        while (tokens.size() < vocabularySize) {
            long pair = index.mostFrequent();
            if (pair < 0) {
                break;
            }
            int left = PairIndex.left(pair);
            int right = PairIndex.right(pair);
            byte[] bytes = concat(tokens.get(left), tokens.get(right));
            // Two different merge paths can spell the same bytes; a .tiktoken vocabulary keys tokens
            // by their bytes, so the second path reuses the first one's id instead of adding a twin.
            Integer existing = idsByBytes.get(key(bytes));
            int token = existing != null ? existing : tokens.size();
            if (existing == null) {
                tokens.add(bytes);
                idsByBytes.put(key(bytes), token);
            }
            Merge merge = new Merge(left, right, token, index.count(pair));
            merges.add(merge);
            rewrite(pieces, index, merge, lastVisited, merges.size());
            progress.merged(merges.size(), planned, merge, bytes);
        }
        return new TrainedVocabulary(tokens, merges);
    }

    /** Applies a merge to every piece that holds the pair, keeping the pair counts in step. */
    private static void rewrite(Pieces pieces, PairIndex index, Merge merge, int[] lastVisited, int stamp) {
        long merged = PairIndex.pair(merge.left(), merge.right());
        Map<Long, Long> deltas = new HashMap<>();
        for (int piece : index.piecesWith(merged)) {
            if (lastVisited[piece] == stamp || !pieces.contains(piece, merge.left(), merge.right())) {
                continue;
            }
            lastVisited[piece] = stamp;
            long count = pieces.count(piece);
            addPairs(pieces, piece, -count, deltas);
            pieces.merge(piece, merge.left(), merge.right(), merge.token());
            addPairs(pieces, piece, count, deltas);
            for (int i = 0, last = pieces.length(piece) - 1; i < last; i++) {
                int a = pieces.symbol(piece, i);
                int b = pieces.symbol(piece, i + 1);
                if (a == merge.token() || b == merge.token()) {
                    index.addPiece(PairIndex.pair(a, b), piece);
                }
            }
        }
        deltas.remove(merged);
        index.apply(deltas);
        index.forget(merged);
    }

    private static void addPairs(Pieces pieces, int piece, long weight, Map<Long, Long> deltas) {
        for (int i = 0, last = pieces.length(piece) - 1; i < last; i++) {
            deltas.merge(PairIndex.pair(pieces.symbol(piece, i), pieces.symbol(piece, i + 1)), weight, Long::sum);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** Bytes as a Latin-1 string: one char per byte, so it hashes and compares like the bytes. */
    private static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
