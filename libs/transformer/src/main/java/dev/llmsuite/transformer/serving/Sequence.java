package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.cache.BlockTable;
import dev.llmsuite.transformer.cache.PrefixCache;
import dev.llmsuite.transformer.generate.Decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One sequence inside the scheduler: its tokens so far (prompt, then generated), how many of them
 * have keys and values in the cache ({@link #computed}), the blocks holding those, and its
 * {@link Decoding}. The tokens not yet computed are the next rows to run: a prompt chunk, the one
 * token just chosen, or (after preemption) everything again.
 */
final class Sequence {

    final Decoding decoding;
    final SequenceHandle handle = new SequenceHandle();
    final BlockTable table = new BlockTable();
    /** Choices of the same prompt that wait for this sequence's prefill, to start from its blocks. */
    final List<Sequence> siblings = new ArrayList<>();
    private final BooleanSupplier callerGaveUp;
    private final BooleanSupplier ready;
    private final int[] tokens;
    private int length;
    private int computed;
    private long key = PrefixCache.start();
    private int keyedBlocks;
    /** Counted against the {@link WaitingLine}'s limit (until first admitted). */
    boolean queued;
    long admittedNanos;

    Sequence(Decoding decoding, int capacity, BooleanSupplier callerGaveUp, BooleanSupplier ready) {
        this.decoding = decoding;
        this.callerGaveUp = callerGaveUp;
        this.ready = ready;
        int[] prompt = decoding.promptTokens();
        this.tokens = Arrays.copyOf(prompt, capacity);
        this.length = prompt.length;
    }

    boolean cancelled() {
        return handle.cancelRequested() || callerGaveUp.getAsBoolean();
    }

    /** Whether whoever reads its tokens can take another one now. */
    boolean ready() {
        return ready.getAsBoolean();
    }

    int length() {
        return length;
    }

    int computed() {
        return computed;
    }

    /** Tokens still to run through the model before the next token can be chosen. */
    int pending() {
        return length - computed;
    }

    int[] tokens() {
        return tokens;
    }

    void append(int token) {
        tokens[length++] = token;
    }

    /** Starts from cached blocks holding the longest known prefix of the tokens (the table must be empty). */
    int reusePrefix(BlockPool pool) {
        computed = pool.reusePrefix(table, tokens, length);
        return computed;
    }

    /** Starts from the same blocks as {@code leader}, which has just computed the shared prompt. */
    void forkFrom(Sequence leader, BlockPool pool) {
        pool.share(leader.table, table);
        computed = leader.computed;
        key = leader.key;
        keyedBlocks = leader.keyedBlocks;
    }

    /**
     * Makes room to compute the next {@code rows} positions: the partly filled last block becomes
     * this sequence's own (copied if shared), and new blocks are added. False if the pool has too
     * few blocks left.
     */
    boolean reserve(BlockPool pool, int rows) {
        if (computed % pool.blockSize() != 0 && !pool.makeWritable(table, computed / pool.blockSize())) {
            return false;
        }
        return pool.grow(table, pool.blocksFor(computed + rows));
    }

    /** Records that {@code rows} more positions are computed, and offers newly filled blocks to the prefix cache. */
    void advance(BlockPool pool, int rows) {
        computed += rows;
        int blockSize = pool.blockSize();
        while (keyedBlocks < computed / blockSize) {
            key = PrefixCache.chain(key, tokens, keyedBlocks * blockSize, blockSize);
            pool.register(table, keyedBlocks, key, tokens);
            keyedBlocks++;
        }
    }

    /** Gives every block back; the keys and values must be computed again (preemption, or the end). */
    void releaseBlocks(BlockPool pool) {
        pool.releaseAll(table);
        computed = 0;
        key = PrefixCache.start();
        keyedBlocks = 0;
    }
}
