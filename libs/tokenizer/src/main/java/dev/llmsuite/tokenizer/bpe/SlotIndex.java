package dev.llmsuite.tokenizer.bpe;

/**
 * Open-addressing hash index from byte sequences (kept in a {@link RankTable}'s pool) to ranks.
 *
 * <p>Slot k is two longs: {@code slots[2k]} packs 24 bits of the hash, the length (16 bits)
 * and rank + 1 (24 bits), 0 when empty; {@code slots[2k + 1]} holds the first eight bytes of the
 * sequence. So one cache line answers almost every lookup: a miss stops at an empty slot or a
 * differing tag, and a sequence of up to eight bytes (most tokens) is compared without touching
 * the pool.
 */
final class SlotIndex {

    private static final long RANK_BITS = 0xFFFFFF;

    private final long[] slots;
    private final int mask;

    SlotIndex(int entries) {
        // A load of up to 4/5 keeps the index small (probes mostly stay in one cache line, and the
        // Bloom filter spares it most unsuccessful ones); there is always an empty slot.
        int capacity = Integer.highestOneBit(Math.max(4, entries) * 2 - 1);
        if (entries > capacity / 5 * 4) {
            capacity *= 2;
        }
        slots = new long[2 * capacity];
        mask = capacity - 1;
    }

    void insert(long hash, byte[] pool, int from, int len, int rank) {
        int slot = (int) hash & mask;
        while (slots[2 * slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[2 * slot] = key(hash, len) | (rank + 1L);
        slots[2 * slot + 1] = SliceHash.word(pool, from, from + len);
    }

    /** The rank of {@code bytes[from, to)} whose {@link SliceHash} is given, or -1. */
    int find(long hash, byte[] bytes, int from, int to, byte[] pool, int[] start) {
        int len = to - from;
        long key = key(hash, len);
        long head = SliceHash.word(bytes, from, to);
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            long entry = slots[2 * slot];
            if (entry == 0) {
                return -1;
            }
            if ((entry & ~RANK_BITS) == key && slots[2 * slot + 1] == head) {
                int rank = (int) (entry & RANK_BITS) - 1;
                if (len <= 8 || SliceHash.equal(pool, start[rank] + 8, bytes, from + 8, len - 8)) {
                    return rank;
                }
            }
        }
    }

    /**
     * The tag and length part of a slot. {@link SliceHash} is mixed well enough in both halves
     * (its low bits pick the slot, its high bits make the tag) that no further mixing is needed,
     * which would lengthen every lookup's path to its cache miss.
     */
    private static long key(long hash, int len) {
        return (hash & 0xFFFFFF0000000000L) | ((long) len << 24);
    }
}
