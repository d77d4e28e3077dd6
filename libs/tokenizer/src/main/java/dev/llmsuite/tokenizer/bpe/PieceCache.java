package dev.llmsuite.tokenizer.bpe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Remembers the tokens of recently merged pieces, so that a frequent word that is not a single
 * token ("привет" in cl100k_base) is merged once instead of every time. Exact: an entry holds the
 * piece's bytes and is used only for identical bytes.
 *
 * <p>Short pieces of few tokens, nearly all of those that real text merges, live flat in
 * {@link ShortPieces}: one slot per lookup, 256k slots (16 MiB). The others (a run of Chinese
 * text without punctuation is often over a hundred bytes) are kept here, one {@code long[]} each:
 * the piece's hash, its length and token count, its bytes eight to a long, then its tokens two to
 * a long; a lookup of those is a tag, the slot and one small array. 128k slots (1 MiB, plus some
 * 50 bytes per entry), two-way: a piece may sit in its slot or the neighbouring one (an empty one
 * is taken first, else the new piece replaces what was in its own slot). Together they hold the
 * distinct multi-token pieces of megabytes of text in several languages, which is what makes
 * Russian, German or Chinese fast.
 *
 * <p>Shared by all threads without locks. Here an entry is never changed after it is published
 * with release semantics, and read with acquire semantics, so a reader sees either a complete
 * entry or an older one, both correct; {@link ShortPieces} says how it stays exact.
 */
public final class PieceCache {

    private static final int SLOTS = 1 << 17;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[][].class);

    private final ShortPieces shortPieces = new ShortPieces();
    private final long[][] entries = new long[SLOTS][];
    /**
     * 32 bits of each slot's hash, so that a piece that is not cached (most of those asked about)
     * costs one read of this compact array rather than a cache miss on an entry. It may lag behind
     * {@link #entries} under concurrent writes; the entry's own check keeps answers exact.
     */
    private final int[] tags = new int[SLOTS];

    /**
     * Appends the tokens of {@code s[from, to)}, whose {@link SliceHash} is given, to {@code out} if
     * the cache has them; returns whether it had.
     */
    boolean addTo(long hash, byte[] s, int from, int to, TokenBuffer out) {
        if (to - from <= ShortPieces.MAX_LENGTH && shortPieces.addTo(hash, s, from, to, out)) {
            return true;
        }
        int slot = slot(hash);
        if (tags[slot] != (int) hash) {
            slot ^= 1;
            if (tags[slot] != (int) hash) {
                return false;
            }
        }
        long[] entry = (long[]) SLOT.getAcquire(entries, slot);
        int len = to - from;
        if (entry == null || entry[0] != hash || (int) entry[1] != len) {
            return false;
        }
        int words = (len + 7) >>> 3;
        for (int w = 0; w < words; w++) {
            int at = from + 8 * w;
            if (entry[2 + w] != SliceHash.word(s, at, Math.min(to, at + 8))) {
                return false;
            }
        }
        int count = (int) (entry[1] >>> 32);
        for (int i = 0; i < count; i++) {
            out.add((int) (entry[2 + words + (i >>> 1)] >>> (32 * (i & 1))));
        }
        return true;
    }

    /** Remembers that {@code s[from, to)} encodes as the latest {@code count} tokens in {@code out}. */
    void put(long hash, byte[] s, int from, int to, TokenBuffer out, int count) {
        int len = to - from;
        if (len <= ShortPieces.MAX_LENGTH && count <= ShortPieces.MAX_TOKENS) {
            shortPieces.put(hash, s, from, to, out, count);
            return;
        }
        int words = (len + 7) >>> 3;
        long[] entry = new long[2 + words + (count + 1) / 2];
        entry[0] = hash;
        entry[1] = ((long) count << 32) | len;
        for (int w = 0; w < words; w++) {
            int at = from + 8 * w;
            entry[2 + w] = SliceHash.word(s, at, Math.min(to, at + 8));
        }
        for (int i = 0; i < count; i++) {
            entry[2 + words + (i >>> 1)] |= (out.latest(count - i) & 0xFFFFFFFFL) << (32 * (i & 1));
        }
        int slot = slot(hash);
        if (tags[slot] != 0 && tags[slot ^ 1] == 0) {
            slot ^= 1;
        }
        SLOT.setRelease(entries, slot, entry);
        tags[slot] = (int) hash;
    }

    private static int slot(long hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 47);
    }
}
