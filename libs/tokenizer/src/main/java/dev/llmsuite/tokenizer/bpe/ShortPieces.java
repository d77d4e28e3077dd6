package dev.llmsuite.tokenizer.bpe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link PieceCache}'s store for short pieces (up to {@link #MAX_LENGTH} bytes and
 * {@link #MAX_TOKENS} tokens: nearly all multi-token pieces of real text), flat in one array so
 * that a lookup is one slot, not a chain of objects.
 *
 * <p>A slot is eight longs (64 bytes): a header, the piece's bytes three words wide, and its
 * tokens two to a long. The header packs 24 bits of the hash (the tag), the length, the token
 * count, a version and a busy bit; 0 is a free slot. A piece sits in one of the four slots of its
 * bucket; when all four are taken, a new piece replaces one of them.
 *
 * <p>Shared by all threads without locks, as a sequence lock per slot. A writer claims a slot by
 * a compare-and-set that sets its busy bit, writes the data, then publishes a header with the
 * next version and release semantics. A reader takes the header with acquire semantics, reads
 * the data, and keeps it only if the header is still the same afterwards; else the slot changed
 * under it and the lookup counts as a miss. The version makes "the same" mean "not rewritten":
 * a reader could only be fooled by 2^30 rewrites of one slot during one lookup.
 */
final class ShortPieces {

    static final int MAX_LENGTH = 24;
    static final int MAX_TOKENS = 8;
    private static final int SLOT_BITS = 18;
    private static final int WAYS = 4;
    private static final int SLOT_LONGS = 8;
    private static final int TOKENS_AT = 4;

    private static final long BUSY = 1;
    private static final int VERSION_SHIFT = 1;
    private static final long VERSION_MASK = (1L << 30) - 1;
    private static final int LENGTH_SHIFT = 31;
    private static final int COUNT_SHIFT = 36;
    private static final long TAG_BITS = 0xFFFFFF0000000000L;
    /** Tag, length and busy bit: what a lookup compares. */
    private static final long KEY_BITS = TAG_BITS | (0x1FL << LENGTH_SHIFT) | BUSY;

    private static final VarHandle HEADER = MethodHandles.arrayElementVarHandle(long[].class);

    private final int slotBits;
    /** 2^slotBits slots (2^18, 16 MiB, unless a test asks for fewer), allocated when the first piece is put. */
    private volatile long[] slots;

    ShortPieces() {
        this(SLOT_BITS);
    }

    /** A store of 2^slotBits slots (at least two buckets). */
    ShortPieces(int slotBits) {
        this.slotBits = Math.max(3, slotBits);
    }

    /**
     * Appends the tokens of {@code s[from, to)}, whose {@link SliceHash} is given, to {@code out} if
     * cached; returns whether they were. {@code s} has {@code Utf8Text}'s padding.
     */
    boolean addTo(long hash, byte[] s, int from, int to, TokenBuffer out) {
        long[] table = slots;
        if (table == null) {
            return false;
        }
        long key = key(hash, to - from);
        int bucket = bucket(hash, slotBits);
        for (int way = 0; way < WAYS; way++) {
            int base = bucket + way * SLOT_LONGS;
            long header = (long) HEADER.getAcquire(table, base);
            if ((header & KEY_BITS) == key) {
                return copyIfUnchanged(table, base, header, s, from, to, out);
            }
            if (header == 0) {
                // Slots of a bucket are taken in order and never freed: the piece is not further on.
                return false;
            }
        }
        return false;
    }

    private static boolean copyIfUnchanged(long[] table, int base, long header, byte[] s, int from, int to, TokenBuffer out) {
        for (int w = 0, at = from; at < to; w++, at += 8) {
            if (table[base + 1 + w] != SliceHash.paddedWord(s, at, Math.min(8, to - at))) {
                return false;
            }
        }
        long tokens01 = table[base + TOKENS_AT];
        long tokens23 = table[base + TOKENS_AT + 1];
        long tokens45 = table[base + TOKENS_AT + 2];
        long tokens67 = table[base + TOKENS_AT + 3];
        VarHandle.loadLoadFence();
        if ((long) HEADER.getOpaque(table, base) != header) {
            return false;
        }
        int count = (int) (header >>> COUNT_SHIFT) & 0xF;
        long[] pairs = {tokens01, tokens23, tokens45, tokens67};
        for (int i = 0; i < count; i++) {
            out.add((int) (pairs[i >>> 1] >>> (32 * (i & 1))));
        }
        return true;
    }

    /** Caches that {@code s[from, to)} encodes as the latest {@code count} tokens in {@code out}. */
    void put(long hash, byte[] s, int from, int to, TokenBuffer out, int count) {
        long[] table = table();
        int bucket = bucket(hash, slotBits);
        int base = -1;
        for (int way = 0; way < WAYS && base < 0; way++) {
            if ((long) HEADER.getVolatile(table, bucket + way * SLOT_LONGS) == 0) {
                base = bucket + way * SLOT_LONGS;
            }
        }
        if (base < 0) {
            base = bucket + (int) (hash >>> 20 & (WAYS - 1)) * SLOT_LONGS;
        }
        long old = (long) HEADER.getVolatile(table, base);
        if ((old & BUSY) != 0 || !HEADER.compareAndSet(table, base, old, old | BUSY)) {
            return;
        }
        // No reader may see the new data before the busy bit.
        VarHandle.storeStoreFence();
        for (int w = 0; w < 3; w++) {
            int at = from + 8 * w;
            table[base + 1 + w] = at < to ? SliceHash.paddedWord(s, at, Math.min(8, to - at)) : 0;
        }
        for (int pair = 0; pair < MAX_TOKENS / 2; pair++) {
            int i = 2 * pair;
            long low = i < count ? out.latest(count - i) & 0xFFFFFFFFL : 0;
            long high = i + 1 < count ? out.latest(count - i - 1) & 0xFFFFFFFFL : 0;
            table[base + TOKENS_AT + pair] = low | (high << 32);
        }
        long version = ((old >>> VERSION_SHIFT) + 1) & VERSION_MASK;
        HEADER.setRelease(table, base, key(hash, to - from) | ((long) count << COUNT_SHIFT) | (version << VERSION_SHIFT));
    }

    private long[] table() {
        long[] table = slots;
        if (table == null) {
            synchronized (this) {
                table = slots;
                if (table == null) {
                    table = new long[(1 << slotBits) * SLOT_LONGS];
                    slots = table;
                }
            }
        }
        return table;
    }

    private static long key(long hash, int len) {
        return (hash & TAG_BITS) | ((long) len << LENGTH_SHIFT);
    }

    /** The first slot of the piece's bucket: {@link #WAYS} slots in a row. */
    private static int bucket(long hash, int slotBits) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> (64 - slotBits + 2)) * (WAYS * SLOT_LONGS);
    }
}
