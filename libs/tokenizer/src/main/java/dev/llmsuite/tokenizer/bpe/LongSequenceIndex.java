package dev.llmsuite.tokenizer.bpe;

/**
 * The ranks of the sequences of more than eight bytes (a fifth of a vocabulary: " something",
 * " implementation"). A slot is four longs, the {@link OpenAddressing} entry and the first 24 bytes
 * of the sequence, so that a lookup of a piece of up to 24 bytes is one slot and never touches
 * the pool; only the rare longer tokens compare the rest of their bytes there.
 */
final class LongSequenceIndex {

    private static final int INLINE_WORDS = 3;

    private final long[] slots;
    private final int mask;

    LongSequenceIndex(int entries) {
        int capacity = OpenAddressing.capacity(entries, 0.8);
        slots = new long[4 * capacity];
        mask = capacity - 1;
    }

    void insert(long hash, byte[] pool, int from, int len, int rank) {
        int slot = (int) hash & mask;
        while (slots[4 * slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[4 * slot] = OpenAddressing.entry(hash, len, rank);
        for (int w = 0; w < INLINE_WORDS; w++) {
            int at = from + 8 * w;
            slots[4 * slot + 1 + w] = SliceHash.word(pool, at, Math.min(from + len, at + 8));
        }
    }

    /** The rank of {@code bytes[from, to)} (more than eight bytes) whose {@link SliceHash} is given, or -1. */
    int find(long hash, byte[] bytes, int from, int to, byte[] pool, int[] start) {
        int len = to - from;
        long key = OpenAddressing.key(hash, len);
        long first = SliceHash.word(bytes, from, from + 8);
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            long entry = slots[4 * slot];
            if ((entry & ~OpenAddressing.RANK_BITS) == key && slots[4 * slot + 1] == first
                    && sameAfterFirstWord(slot, entry, bytes, from, to, pool, start)) {
                return OpenAddressing.rank(entry);
            }
            if (entry == 0) {
                return -1;
            }
        }
    }

    private boolean sameAfterFirstWord(int slot, long entry, byte[] bytes, int from, int to, byte[] pool, int[] start) {
        for (int w = 1; w < INLINE_WORDS; w++) {
            int at = from + 8 * w;
            if (slots[4 * slot + 1 + w] != SliceHash.word(bytes, at, Math.min(to, at + 8))) {
                return false;
            }
        }
        int inline = 8 * INLINE_WORDS;
        int len = to - from;
        return len <= inline
                || SliceHash.equal(pool, start[OpenAddressing.rank(entry)] + inline, bytes, from + inline, len - inline);
    }
}
