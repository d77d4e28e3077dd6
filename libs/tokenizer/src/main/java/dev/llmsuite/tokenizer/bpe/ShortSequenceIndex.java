package dev.llmsuite.tokenizer.bpe;

/**
 * The ranks of the sequences of one to eight bytes: most tokens, and most pieces of text. A slot is
 * two longs, the {@link OpenAddressing} entry and the sequence's bytes as a {@link SliceHash#word},
 * so that a lookup is one cache line and never touches the pool. At a load of at most 5/8, most
 * lookups end at their first slot.
 */
final class ShortSequenceIndex {

    static final int MAX_LENGTH = 8;

    private final long[] slots;
    private final int mask;

    ShortSequenceIndex(int entries) {
        int capacity = OpenAddressing.capacity(entries, 5.0 / 8);
        slots = new long[2 * capacity];
        mask = capacity - 1;
    }

    void insert(long word, int len, int rank) {
        long hash = SliceHash.ofWord(word, len);
        int slot = (int) hash & mask;
        while (slots[2 * slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[2 * slot] = OpenAddressing.entry(hash, len, rank);
        slots[2 * slot + 1] = word;
    }

    /** The rank of the {@code len} bytes whose {@link SliceHash#word} is given, or -1. */
    int find(long word, int len) {
        long hash = SliceHash.ofWord(word, len);
        long key = OpenAddressing.key(hash, len);
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            long entry = slots[2 * slot];
            if ((entry & ~OpenAddressing.RANK_BITS) == key && slots[2 * slot + 1] == word) {
                return OpenAddressing.rank(entry);
            }
            if (entry == 0) {
                return -1;
            }
        }
    }
}
