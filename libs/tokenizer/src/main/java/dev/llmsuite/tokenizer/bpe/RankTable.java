package dev.llmsuite.tokenizer.bpe;

import java.util.Arrays;

/**
 * A byte-level BPE vocabulary: every mergeable byte sequence and its rank (which is also its token
 * id; a lower rank merges first). Compact for vocabularies of 200k entries: all sequences sit in
 * one byte pool, and two hash indexes, one for sequences of up to eight bytes and one for longer
 * ones, map a slice of any byte array to its rank without creating a key object.
 *
 * <p>Lookups are the cost of BPE, and they are cache misses more than computation, so the layout
 * serves common cases from small arrays: single bytes and byte pairs from direct tables, most
 * lookups from one slot that holds the sequence's bytes itself, and slices that are no token at
 * all (most of those the merge loop asks about) from a Bloom filter.
 */
public final class RankTable {

    private final byte[] pool;
    /** Rank r occupies {@code pool[start[r], start[r] + length[r])}; length 0 marks an unused rank. */
    private final int[] start;
    private final int[] length;
    private final int[] byteRank = new int[256];
    /** The rank of every two-byte sequence, -1 where there is none: merging starts with these. */
    private final int[] twoByteRank = new int[1 << 16];
    private final SequenceFilter filter;
    private final ShortSequenceIndex shortIndex;
    private final LongSequenceIndex longIndex;
    private final int size;
    private final int maxLength;

    private RankTable(byte[] pool, int[] start, int[] length, int size) {
        if (start.length >= 1 << 24) {
            throw new IllegalArgumentException("Ranks must stay below 2^24, not " + (start.length - 1));
        }
        this.pool = pool;
        this.start = start;
        this.length = length;
        this.size = size;
        this.maxLength = Arrays.stream(length).max().orElse(0);
        if (maxLength >= 1 << 16) {
            throw new IllegalArgumentException("Sequences must be shorter than 64 KiB");
        }
        this.filter = new SequenceFilter(size);
        int shortSequences = (int) Arrays.stream(length).filter(len -> len > 0 && len <= ShortSequenceIndex.MAX_LENGTH).count();
        this.shortIndex = new ShortSequenceIndex(shortSequences);
        this.longIndex = new LongSequenceIndex(size - shortSequences);
        Arrays.fill(byteRank, -1);
        Arrays.fill(twoByteRank, -1);
        for (int rank = 0; rank < start.length; rank++) {
            int len = length[rank];
            if (len == 0) {
                continue;
            }
            int from = start[rank];
            if (rank(pool, from, from + len) >= 0) {
                throw new IllegalArgumentException("Byte sequence of rank " + rank + " appears twice in the vocabulary");
            }
            long hash = SliceHash.of(pool, from, from + len);
            if (len <= ShortSequenceIndex.MAX_LENGTH) {
                shortIndex.insert(SliceHash.word(pool, from, from + len), len, rank);
            } else {
                longIndex.insert(hash, pool, from, len, rank);
            }
            filter.add(hash);
            if (len == 1) {
                byteRank[pool[from] & 0xFF] = rank;
            } else if (len == 2) {
                twoByteRank[((pool[from] & 0xFF) << 8) | (pool[from + 1] & 0xFF)] = rank;
            }
        }
        for (int b = 0; b < 256; b++) {
            if (byteRank[b] < 0) {
                throw new IllegalArgumentException("A byte-level vocabulary needs every single byte; byte " + b + " is missing");
            }
        }
    }

    /** The rank of {@code bytes[from, to)}, or -1 when that sequence is not in the vocabulary. */
    public int rank(byte[] bytes, int from, int to) {
        if (to - from > maxLength) {
            return -1;
        }
        return rank(SliceHash.of(bytes, from, to), bytes, from, to);
    }

    /**
     * The same lookup when the caller already has {@code SliceHash.of(bytes, from, to)}. A short
     * sequence's lookup is one slot, so only long ones ask the filter first.
     */
    public int rank(long hash, byte[] bytes, int from, int to) {
        if (to - from > ShortSequenceIndex.MAX_LENGTH && !filter.mightContain(hash)) {
            return -1;
        }
        return find(hash, bytes, from, to);
    }

    /** The rank of the one to eight bytes whose {@link SliceHash#word} is given, or -1. */
    int shortRank(long word, int len) {
        return shortIndex.find(word, len);
    }

    /**
     * The same lookup tuned for the merge loop, whose candidates are mostly not tokens: the
     * filter answers first.
     */
    public int mergeRank(long hash, byte[] bytes, int from, int to) {
        return filter.mightContain(hash) ? find(hash, bytes, from, to) : -1;
    }

    /** The index lookup itself, past any filter. */
    private int find(long hash, byte[] bytes, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > maxLength) {
            return -1;
        }
        return len <= ShortSequenceIndex.MAX_LENGTH
                ? shortIndex.find(SliceHash.word(bytes, from, to), len)
                : longIndex.find(hash, bytes, from, to, pool, start);
    }

    /** The rank of a single byte (always present). */
    public int byteRank(byte b) {
        return byteRank[b & 0xFF];
    }

    /** The rank of the two bytes {@code first, second}, or -1. */
    public int twoByteRank(byte first, byte second) {
        return twoByteRank[((first & 0xFF) << 8) | (second & 0xFF)];
    }

    /** Whether {@code rank} names a sequence (ranks may have gaps where special tokens sit). */
    public boolean contains(int rank) {
        return rank >= 0 && rank < length.length && length[rank] > 0;
    }

    /** The byte length of the sequence of a rank that {@link #contains} holds. */
    public int length(int rank) {
        return length[rank];
    }

    /** Copies the sequence of a rank into {@code out} at {@code at}; returns the position after it. */
    public int copy(int rank, byte[] out, int at) {
        int len = length[rank];
        System.arraycopy(pool, start[rank], out, at, len);
        return at + len;
    }

    /** The sequence of a rank that {@link #contains} holds. */
    public byte[] bytes(int rank) {
        return Arrays.copyOfRange(pool, start[rank], start[rank] + length[rank]);
    }

    /** How many sequences the table holds. */
    public int size() {
        return size;
    }

    /** One more than the highest rank. */
    public int rankLimit() {
        return length.length;
    }

    /** The longest sequence, in bytes: no longer slice can have a rank. */
    public int maxLength() {
        return maxLength;
    }

    /** Collects sequences and ranks, in any order, into a {@link RankTable}. */
    public static final class Builder {

        private byte[] pool = new byte[1 << 16];
        private int poolSize;
        private int[] start = new int[1024];
        private int[] length = new int[1024];
        private int limit;
        private int count;

        public Builder add(byte[] sequence, int rank) {
            return add(sequence, 0, sequence.length, rank);
        }

        public Builder add(byte[] source, int from, int to, int rank) {
            if (rank < 0) {
                throw new IllegalArgumentException("Negative rank " + rank);
            }
            if (to <= from) {
                throw new IllegalArgumentException("Empty byte sequence for rank " + rank);
            }
            if (rank >= start.length) {
                int grown = Math.max(rank + 1, start.length * 2);
                start = Arrays.copyOf(start, grown);
                length = Arrays.copyOf(length, grown);
            }
            if (length[rank] != 0) {
                throw new IllegalArgumentException("Rank " + rank + " appears twice in the vocabulary");
            }
            int len = to - from;
            if (poolSize + len > pool.length) {
                pool = Arrays.copyOf(pool, Math.max(poolSize + len, pool.length * 2));
            }
            System.arraycopy(source, from, pool, poolSize, len);
            start[rank] = poolSize;
            length[rank] = len;
            poolSize += len;
            limit = Math.max(limit, rank + 1);
            count++;
            return this;
        }

        public RankTable build() {
            return new RankTable(Arrays.copyOf(pool, poolSize), Arrays.copyOf(start, limit),
                    Arrays.copyOf(length, limit), count);
        }
    }
}
