package dev.llmsuite.tokenizer.bpe;

import dev.llmsuite.tokenizer.pretokenize.PieceConsumer;

import java.util.Arrays;

/**
 * Byte-pair encoding of one piece at a time, as tiktoken does it: start from single bytes and
 * repeatedly merge the adjacent pair whose concatenation has the lowest rank (the leftmost on ties)
 * until no adjacent pair is in the vocabulary.
 *
 * <p>Pieces come from a {@link dev.llmsuite.tokenizer.pretokenize.Utf8Text}, whose padding lets a
 * piece be read as whole 8-byte words. Most pieces are a whole token of up to eight bytes and cost
 * one load of their bytes and one lookup in a slot that holds the token's bytes; {@link #piece}
 * does only that, so that the scanner's loop inlines it, and calls out for everything else. A
 * recent piece that is not a token comes from the shared {@link PieceCache} (pieces up to
 * {@link #CACHED_PIECE} bytes: a run of Chinese text without punctuation is often over a
 * hundred). Other short pieces run tiktoken's simple loop (scan all pairs for the minimum, merge,
 * repeat): quadratic, but with tiny constants. Long pieces, say a megabyte of one letter, use a
 * linked list of parts plus a min-heap of candidate merges, O(n log n): heap entries are checked
 * against the current pair rank when they come out, so a merge that is no longer possible is
 * simply skipped. In both loops, what two adjacent tokens merge into comes from the shared
 * {@link PairMemo} when it knows.
 *
 * <p>Not thread-safe: holds scratch arrays and the token buffer, which are reused from text to
 * text (short texts, such as one line each, would otherwise spend much of their time allocating
 * them); keep one per thread and {@link #reset} it before each text.
 */
public final class BytePairEncoder implements PieceConsumer {

    /** Pieces up to this many bytes take the simple loop. */
    static final int SHORT_PIECE = 64;
    /** Pieces up to this many bytes go through the {@link PieceCache}. */
    static final int CACHED_PIECE = 256;
    private static final int NONE = Integer.MAX_VALUE;
    private static final int LARGE_SCRATCH = 1 << 12;

    private final RankTable ranks;
    private final PieceCache cache;
    private final PairMemo memo;
    private final TokenBuffer out = new TokenBuffer(256);
    private final int[] partStart = new int[SHORT_PIECE + 1];
    private final int[] pairRank = new int[SHORT_PIECE + 1];
    private final int[] tokenRank = new int[SHORT_PIECE + 1];
    private int[] next;
    private int[] prev;
    private int[] longPair;
    private int[] longToken;
    private long[] heap;
    private int heapSize;

    /** An encoder that appends the tokens of each piece it is given to its {@link #tokens()}. */
    public BytePairEncoder(RankTable ranks, PieceCache cache, PairMemo memo) {
        this.ranks = ranks;
        this.cache = cache;
        this.memo = memo;
    }

    /** The tokens of the pieces given since the last {@link #reset}. */
    public TokenBuffer tokens() {
        return out;
    }

    /**
     * Forgets the tokens, to collect the next text's or only to count them; lets go of scratch
     * space that a huge text needed, so a thread does not keep it.
     */
    public void reset(boolean countOnly) {
        out.clear(countOnly);
        if (next != null && next.length > LARGE_SCRATCH) {
            next = prev = longPair = longToken = null;
            heap = null;
        }
    }

    @Override
    public void piece(byte[] s, int from, int to) {
        int len = to - from;
        if (len <= ShortSequenceIndex.MAX_LENGTH) {
            long word = SliceHash.paddedWord(s, from, len);
            int rank = ranks.shortRank(word, len);
            if (rank >= 0) {
                out.add(rank);
                return;
            }
        }
        encode(s, from, to);
    }

    /** Any piece but a token of up to eight bytes. */
    private void encode(byte[] s, int from, int to) {
        if (to - from > CACHED_PIECE) {
            encodeLong(s, from, to);
            return;
        }
        long hash = SliceHash.of(s, from, to);
        int whole = to - from <= ShortSequenceIndex.MAX_LENGTH ? -1 : ranks.rank(hash, s, from, to);
        if (whole >= 0) {
            out.add(whole);
        } else {
            merge(s, from, to, hash);
        }
    }

    private void encodeLong(byte[] s, int from, int to) {
        int whole = ranks.rank(s, from, to);
        if (whole >= 0) {
            out.add(whole);
        } else {
            mergeLong(s, from, to);
        }
    }

    /** A piece of more than one token and at most {@link #CACHED_PIECE} bytes, whose hash is given. */
    private void merge(byte[] s, int from, int to, long hash) {
        if (cache.addTo(hash, s, from, to, out)) {
            return;
        }
        int before = out.count();
        if (to - from <= SHORT_PIECE) {
            mergeShort(s, from, to);
        } else {
            mergeLong(s, from, to);
        }
        cache.put(hash, s, from, to, out, out.count() - before);
    }

    /**
     * The rank of the token that parts {@code s[from, middle)} (token a) and {@code s[middle, to)}
     * (token b) merge into, or {@link #NONE}.
     */
    private int mergedRank(int a, int b, byte[] s, int from, int to) {
        boolean memoised = a < PairMemo.RANK_BOUND && b < PairMemo.RANK_BOUND;
        if (memoised) {
            int known = memo.get(a, b);
            if (known != PairMemo.UNKNOWN) {
                return known < 0 ? NONE : known;
            }
        }
        int rank = to - from > ranks.maxLength() ? -1 : ranks.mergeRank(SliceHash.of(s, from, to), s, from, to);
        if (memoised) {
            memo.put(a, b, rank);
        }
        return rank < 0 ? NONE : rank;
    }

    private int twoByteRankOrNone(byte[] s, int at) {
        int rank = ranks.twoByteRank(s[at], s[at + 1]);
        return rank < 0 ? NONE : rank;
    }

    private void mergeShort(byte[] s, int from, int to) {
        int len = to - from;
        int[] start = partStart;
        int[] pair = pairRank;
        int[] token = tokenRank;
        // Part i covers piece bytes [start[i], start[i + 1]); start[count - 1] == len closes the last part.
        for (int i = 0; i <= len; i++) {
            start[i] = i;
        }
        for (int i = 0; i < len; i++) {
            token[i] = ranks.byteRank(s[from + i]);
            pair[i] = i + 2 <= len ? twoByteRankOrNone(s, from + i) : NONE;
        }
        int count = len + 1;
        while (true) {
            // The minimum of (rank, index) packed in a long: a branch-free scan, leftmost on ties.
            long best = Long.MAX_VALUE;
            for (int i = 0; i < count - 2; i++) {
                best = Math.min(best, ((long) pair[i] << 8) | i);
            }
            int min = (int) (best >>> 8);
            if (min == NONE) {
                break;
            }
            int at = (int) best & 0xFF;
            token[at] = min;
            pair[at] = at + 3 < count ? mergedRank(min, token[at + 2], s, from + start[at], from + start[at + 3]) : NONE;
            if (at > 0) {
                pair[at - 1] = mergedRank(token[at - 1], min, s, from + start[at - 1], from + start[at + 2]);
            }
            int tail = count - at - 2;
            System.arraycopy(start, at + 2, start, at + 1, tail);
            System.arraycopy(pair, at + 2, pair, at + 1, tail);
            System.arraycopy(token, at + 2, token, at + 1, tail);
            count--;
        }
        for (int i = 0; i < count - 1; i++) {
            out.add(token[i]);
        }
    }

    private void mergeLong(byte[] s, int from, int to) {
        int len = to - from;
        if (next == null || next.length < len + 1) {
            next = new int[len + 1];
            prev = new int[len + 1];
            longPair = new int[len + 1];
            longToken = new int[len + 1];
            heap = new long[len];
        }
        int[] pair = longPair;
        int[] token = longToken;
        heapSize = 0;
        // Parts are named by their first byte's offset in the piece; len closes the list.
        for (int p = 0; p < len; p++) {
            next[p] = p + 1;
            prev[p] = p - 1;
            token[p] = ranks.byteRank(s[from + p]);
            pair[p] = p + 2 <= len ? twoByteRankOrNone(s, from + p) : NONE;
            if (pair[p] != NONE) {
                push(pair[p], p);
            }
        }
        while (heapSize > 0) {
            long entry = pop();
            int rank = (int) (entry >>> 32);
            int p = (int) entry;
            if (pair[p] != rank) {
                continue;
            }
            int q = next[p];
            int after = next[q];
            token[p] = rank;
            next[p] = after;
            if (after < len) {
                prev[after] = p;
            }
            pair[q] = NONE;
            pair[p] = after < len ? mergedRank(rank, token[after], s, from + p, from + next[after]) : NONE;
            if (pair[p] != NONE) {
                push(pair[p], p);
            }
            int before = prev[p];
            if (before >= 0) {
                pair[before] = mergedRank(token[before], rank, s, from + before, from + after);
                if (pair[before] != NONE) {
                    push(pair[before], before);
                }
            }
        }
        for (int p = 0; p < len; p = next[p]) {
            out.add(token[p]);
        }
    }

    /**
     * Min-heap on (rank, position): the lowest rank first, the leftmost among equals. Four
     * children per node keeps the heap shallow, which matters for megabyte pieces whose heap
     * does not fit in cache.
     */
    private void push(int rank, int position) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, Math.max(16, heapSize * 2));
        }
        long entry = ((long) rank << 32) | position;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    private long pop() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        while (true) {
            int first = 4 * i + 1;
            if (first >= heapSize) {
                break;
            }
            int child = first;
            int end = Math.min(first + 4, heapSize);
            for (int c = first + 1; c < end; c++) {
                if (heap[c] < heap[child]) {
                    child = c;
                }
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
