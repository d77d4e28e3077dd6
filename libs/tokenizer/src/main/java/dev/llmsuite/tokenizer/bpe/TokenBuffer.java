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

    public void addAll(int[] more) {
        if (size + more.length > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(size + more.length, size * 2));
        }
        System.arraycopy(more, 0, ids, size, more.length);
        size += more.length;
    }

    /** A copy of the ids from index {@code from} on. */
    public int[] tail(int from) {
        return Arrays.copyOfRange(ids, from, size);
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
