package dev.llmsuite.tokenizer.bpe;

import java.util.Arrays;

/** A growable list of token ids, unboxed. */
public final class TokenBuffer {

    private int[] ids;
    private int size;

    public TokenBuffer(int expected) {
        ids = new int[Math.max(8, expected)];
    }

    public void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
    }

    /** Empties the buffer; a huge one is replaced by a small one, so that holding it costs little. */
    public void clear() {
        size = 0;
        if (ids.length > 1 << 12) {
            ids = new int[256];
        }
    }

    public int get(int index) {
        return ids[index];
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
