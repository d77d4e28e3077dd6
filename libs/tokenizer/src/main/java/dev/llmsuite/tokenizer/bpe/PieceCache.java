package dev.llmsuite.tokenizer.bpe;

import java.util.Arrays;

/**
 * Remembers the tokens of recently merged pieces, so that a frequent word that is not a single
 * token ("привет" in cl100k_base) is merged once instead of every time. Exact: an entry holds the
 * piece's bytes and is used only for identical bytes.
 *
 * <p>Direct-mapped (a new piece simply replaces whatever shared its slot) and shared by all threads
 * without locks: entries are immutable and published whole, so a reader sees either a complete
 * entry or an older one, both correct.
 */
public final class PieceCache {

    private static final int SLOTS = 1 << 14;

    private record Entry(long hash, byte[] bytes, int[] tokens) {
    }

    private final Entry[] entries = new Entry[SLOTS];
    /**
     * The hash of each slot's entry, so that a miss costs one read of this compact array. It may
     * lag behind {@link #entries} under concurrent writes; the byte comparison keeps answers exact.
     */
    private final long[] hashes = new long[SLOTS];

    /** The tokens of {@code s[from, to)} whose {@link SliceHash} is given, or null. */
    int[] get(long hash, byte[] s, int from, int to) {
        int slot = slot(hash);
        if (hashes[slot] != hash) {
            return null;
        }
        Entry entry = entries[slot];
        if (entry != null && entry.hash == hash && Arrays.equals(entry.bytes, 0, entry.bytes.length, s, from, to)) {
            return entry.tokens;
        }
        return null;
    }

    void put(long hash, byte[] s, int from, int to, int[] tokens) {
        int slot = slot(hash);
        entries[slot] = new Entry(hash, Arrays.copyOfRange(s, from, to), tokens);
        hashes[slot] = hash;
    }

    private static int slot(long hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 50);
    }
}
