package dev.llmsuite.tokenizer.bpe;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers what two adjacent tokens merge into. In the merge loop each part of a piece is a
 * token, and the candidate merge of parts a and b is the token {@code bytes(a) + bytes(b)}, if
 * any: a pure function of the pair of ranks. Looking that up in the rank index is a cache miss
 * almost every time; the pairs that a language keeps merging (letters of a script, common
 * syllables) are few, and this direct-mapped memo of 64k pairs (512 KiB) answers them from cache.
 *
 * <p>Each entry is one long: valid bit, rank a (20 bits), rank b (20 bits), merged rank + 1 (21
 * bits, 0 for "no such token"). Shared by all threads; entries are read and written whole with
 * opaque (atomic, unordered) access, so a reader sees a complete old or new entry, both correct.
 */
public final class PairMemo {

    /** Ranks from this bound on are not memoised (they do not fit an entry). */
    static final int RANK_BOUND = 1 << 20;
    static final int UNKNOWN = -2;

    private static final int SLOTS = 1 << 16;
    private static final long VALID = 1L << 62;

    private final AtomicLongArray entries = new AtomicLongArray(SLOTS);

    /** An empty memo, to be shared by the encoders of one vocabulary (never across vocabularies). */
    public PairMemo() {
    }

    /** The merged rank, -1 if the pair is no token, or {@link #UNKNOWN}. Both ranks below {@link #RANK_BOUND}. */
    int get(int a, int b) {
        long key = key(a, b);
        long entry = entries.getOpaque(slot(a, b));
        if ((entry & ~0x1FFFFFL) != key) {
            return UNKNOWN;
        }
        return (int) (entry & 0x1FFFFFL) - 1;
    }

    void put(int a, int b, int merged) {
        entries.setOpaque(slot(a, b), key(a, b) | (merged + 1L));
    }

    private static long key(int a, int b) {
        return VALID | ((long) a << 41) | ((long) b << 21);
    }

    private static int slot(int a, int b) {
        return (int) (((a * 0x9E3779B97F4A7C15L) ^ b) * 0xC2B2AE3D27D4EB4FL >>> 48);
    }
}
