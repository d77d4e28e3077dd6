package dev.llmsuite.tokenizer.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * How often each adjacent pair of tokens occurs in the corpus, which pieces contain it, and a
 * priority queue to find the most frequent one. A merge changes the counts of a few pairs only, so
 * the index is updated incrementally instead of recounted, which is what makes training take seconds.
 *
 * <p>The queue is lazy: a changed count pushes a new entry and stale entries are dropped when they
 * surface. The piece lists may hold pieces that no longer contain the pair; callers re-check.
 *
 * <p>A pair is packed in a long: left token id in the high half, right in the low half, so
 * comparing keys orders pairs by left id, then right id, the deterministic tie-break.
 */
final class PairIndex {

    private record Candidate(long pair, long count) {
    }

    private static final Comparator<Candidate> MOST_FREQUENT_FIRST =
            Comparator.comparingLong(Candidate::count).reversed().thenComparingLong(Candidate::pair);

    private final Map<Long, Long> counts = new HashMap<>();
    private final Map<Long, PieceList> pieces = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(MOST_FREQUENT_FIRST);

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    static int left(long pair) {
        return (int) (pair >>> 32);
    }

    static int right(long pair) {
        return (int) pair;
    }

    /** Counts every adjacent pair of every piece, weighted by how often the piece occurs. */
    static PairIndex of(Pieces corpus) {
        PairIndex index = new PairIndex();
        for (int piece = 0; piece < corpus.size(); piece++) {
            for (int i = 0, last = corpus.length(piece) - 1; i < last; i++) {
                long pair = pair(corpus.symbol(piece, i), corpus.symbol(piece, i + 1));
                index.counts.merge(pair, corpus.count(piece), Long::sum);
                index.addPiece(pair, piece);
            }
        }
        index.counts.forEach((pair, count) -> index.queue.add(new Candidate(pair, count)));
        return index;
    }

    /** The most frequent pair, ties going to the smallest (left, right); -1 when no pair is left. */
    long mostFrequent() {
        while (!queue.isEmpty()) {
            Candidate top = queue.peek();
            if (counts.getOrDefault(top.pair(), 0L) == top.count()) {
                return top.pair();
            }
            queue.poll();
        }
        return -1;
    }

    long count(long pair) {
        return counts.getOrDefault(pair, 0L);
    }

    /** The pieces that contained the pair at some point, possibly repeated. */
    int[] piecesWith(long pair) {
        PieceList list = pieces.get(pair);
        return list == null ? new int[0] : Arrays.copyOf(list.ids, list.size);
    }

    void addPiece(long pair, int piece) {
        pieces.computeIfAbsent(pair, p -> new PieceList()).add(piece);
    }

    /** Applies the count changes a merge caused and queues the new counts. */
    void apply(Map<Long, Long> deltas) {
        deltas.forEach((pair, delta) -> {
            if (delta == 0) {
                return;
            }
            long updated = counts.getOrDefault(pair, 0L) + delta;
            if (updated > 0) {
                counts.put(pair, updated);
                queue.add(new Candidate(pair, updated));
            } else {
                counts.remove(pair);
            }
        });
    }

    /** Drops a merged pair: once merged everywhere it cannot occur again, since tokens only grow. */
    void forget(long pair) {
        counts.remove(pair);
        pieces.remove(pair);
    }

    private static final class PieceList {
        int[] ids = new int[4];
        int size;

        void add(int piece) {
            if (size > 0 && ids[size - 1] == piece) {
                return;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = piece;
        }
    }
}
