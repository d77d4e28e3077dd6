package dev.llmsuite.tokenizer.bpe;

/**
 * What the two sequence indexes share: linear probing over a power-of-two table, and the first
 * long of a slot, which packs 24 bits of the hash (the tag), the length (16 bits) and rank + 1
 * (24 bits), 0 when the slot is empty.
 */
final class OpenAddressing {

    static final long RANK_BITS = 0xFFFFFF;

    private OpenAddressing() {
    }

    /** The smallest power of two that holds {@code entries} at a load of at most {@code maxLoad}. */
    static int capacity(int entries, double maxLoad) {
        int capacity = Integer.highestOneBit(Math.max(4, entries) * 2 - 1);
        while (entries > capacity * maxLoad) {
            capacity *= 2;
        }
        return capacity;
    }

    /**
     * The tag and length part of a slot. {@link SliceHash} is mixed well enough in both halves
     * (its low bits pick the slot, its high bits make the tag) that no further mixing is needed,
     * which would lengthen every lookup's path to its cache miss.
     */
    static long key(long hash, int len) {
        return (hash & 0xFFFFFF0000000000L) | ((long) len << 24);
    }

    static long entry(long hash, int len, int rank) {
        return key(hash, len) | (rank + 1L);
    }

    /** The rank in an entry whose key matched. */
    static int rank(long entry) {
        return (int) (entry & RANK_BITS) - 1;
    }
}
