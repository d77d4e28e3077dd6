package dev.llmsuite.tokenizer.bpe;

/**
 * A Bloom filter over the hashes of a vocabulary's sequences, about 20 bits per sequence, two
 * bits in one 64-bit block: most slices the merge loop asks about are not tokens, and this small
 * array (256 KiB for 100k sequences) rejects about 99% of them without a cache miss in the large
 * {@link SlotIndex}. It never rejects a sequence that is present.
 */
final class SequenceFilter {

    private final long[] blocks;
    private final int shift;

    SequenceFilter(int entries) {
        int words = Integer.highestOneBit(Math.max(64, entries * 20 / 64) * 2 - 1);
        blocks = new long[words];
        shift = 64 - Integer.numberOfTrailingZeros(words);
    }

    void add(long hash) {
        long h = spread(hash);
        blocks[(int) (h >>> shift)] |= bits(h);
    }

    boolean mightContain(long hash) {
        long h = spread(hash);
        long bits = bits(h);
        return (blocks[(int) (h >>> shift)] & bits) == bits;
    }

    private static long spread(long hash) {
        long h = hash * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 32);
    }

    /** Two bits of a block, chosen by low bits of the hash (the block by its high bits). */
    private static long bits(long h) {
        return (1L << (h & 63)) | (1L << ((h >>> 6) & 63));
    }
}
