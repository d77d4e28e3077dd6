package dev.llmsuite.tokenizer.bpe;

import java.util.Arrays;

/**
 * The token ids of a text, unboxed: a growable list, or, when only their number is wanted, a
 * window over the latest ids that keeps the count. Counting a long text then writes to a few
 * kilobytes that stay in cache, instead of growing a list of megabytes only to read its size.
 */
public final class TokenBuffer {

    /**
     * How many of the latest ids a counting buffer keeps: more than any one piece that is read
     * back (a cached piece has at most {@link BytePairEncoder#CACHED_PIECE} bytes, so as many
     * tokens at most).
     */
    static final int KEPT = BytePairEncoder.CACHED_PIECE;

    private int[] ids;
    private int size;
    private boolean counting;
    /** Ids a counting buffer no longer holds. */
    private int dropped;

    public TokenBuffer(int expected) {
        ids = new int[Math.max(2 * KEPT, expected)];
    }

    public void add(int id) {
        if (size == ids.length) {
            makeRoom();
        }
        ids[size++] = id;
    }

    /** Out of line, so that {@link #add} stays small enough to be inlined everywhere. */
    private void makeRoom() {
        if (counting) {
            System.arraycopy(ids, size - KEPT, ids, 0, KEPT);
            dropped += size - KEPT;
            size = KEPT;
        } else {
            ids = Arrays.copyOf(ids, size * 2);
        }
    }

    /**
     * Empties the buffer, to collect ids or only to count them; a huge one is replaced by a small
     * one, so that holding it costs little.
     */
    public void clear(boolean countOnly) {
        size = 0;
        dropped = 0;
        counting = countOnly;
        if (ids.length > 1 << 12) {
            ids = new int[2 * KEPT];
        }
    }

    /** All ids added since {@link #clear}. */
    public int count() {
        return dropped + size;
    }

    /** The id added {@code back} ids ago: 1 is the latest; at most {@link #KEPT} when counting. */
    int latest(int back) {
        return ids[size - back];
    }

    /** The ids, for a buffer that collects them. */
    public int[] toArray() {
        if (counting) {
            throw new IllegalStateException("A counting token buffer keeps only its latest ids");
        }
        return Arrays.copyOf(ids, size);
    }
}
