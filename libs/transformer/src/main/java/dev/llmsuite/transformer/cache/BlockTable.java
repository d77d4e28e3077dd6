package dev.llmsuite.transformer.cache;

import java.util.Arrays;

/**
 * One sequence's KV-cache as a list of block ids: position p is in block {@code block(p / blockSize)},
 * at slot {@code p % blockSize}. Blocks need not be adjacent in the pool, and a table may share
 * blocks with other tables (a common prefix); the {@link BlockPool} counts the references.
 */
public final class BlockTable {

    private int[] blocks = new int[4];
    private int size;

    /** Blocks held. */
    public int size() {
        return size;
    }

    public int block(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("Block " + index + " of a table of " + size);
        }
        return blocks[index];
    }

    void add(int block) {
        if (size == blocks.length) {
            blocks = Arrays.copyOf(blocks, 2 * size);
        }
        blocks[size++] = block;
    }

    void set(int index, int block) {
        blocks[index] = block;
    }

    void clear() {
        size = 0;
    }

    /** The ids in order, for a forward pass to read (a copy: the table may change at the next step). */
    public int[] toArray() {
        return Arrays.copyOf(blocks, size);
    }
}
