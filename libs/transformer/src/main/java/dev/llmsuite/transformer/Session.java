package dev.llmsuite.transformer;

import dev.llmsuite.transformer.attention.AttentionObserver;
import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.cache.BlockTable;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.model.Transformer;
import dev.llmsuite.transformer.serving.SchedulerSettings;

/**
 * One sequence run step by step by its caller: its own position and KV-cache. The cache is paged
 * like the scheduler's (a private pool with room for one context, whose blocks are allocated as
 * the sequence grows), and every step is a batch of one sequence, so a session computes exactly
 * what the same sequence computes inside any batch. Sessions of one model are independent and
 * may run concurrently; a single session is used by one thread at a time. Closing it gives the
 * cache's blocks back.
 */
public final class Session implements AutoCloseable {

    /** Positions per KV-cache block: the scheduler's default, so that a session groups attention's float operations as serving does. */
    public static final int BLOCK_SIZE = SchedulerSettings.DEFAULT_BLOCK_SIZE;

    private final Transformer transformer;
    private final BlockPool pool;
    private final BlockTable table = new BlockTable();
    private int position;
    private boolean closed;

    Session(Transformer transformer, KvCacheType cacheType, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("Block size must be at least 1 position, not " + blockSize);
        }
        this.transformer = transformer;
        var c = transformer.config();
        this.pool = new BlockPool(c.layers(), c.kvHeads(), c.headSize(), blockSize, (c.contextLength() + blockSize - 1) / blockSize,
                cacheType, false);
    }

    /** Appends the tokens (a prompt) to the cache in one batch and returns the logits of the last one. */
    public synchronized float[] prefill(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("Nothing to prefill: the token list is empty");
        }
        return append(tokens, null);
    }

    /**
     * {@link #prefill}, handing the pass's attention probabilities to {@code observer} as it computes
     * them: batch row {@code i} is the token at position {@code position() + i}.
     */
    public synchronized float[] prefill(int[] tokens, AttentionObserver observer) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("Nothing to prefill: the token list is empty");
        }
        return append(tokens, observer);
    }

    /** Appends one token and returns the logits for the token after it. */
    public synchronized float[] next(int token) {
        return append(new int[] {token}, null);
    }

    private float[] append(int[] tokens, AttentionObserver observer) {
        check(tokens);
        pool.grow(table, pool.blocksFor(position + tokens.length));
        Batch batch = Batch.builder().add(table.toArray(), tokens, 0, tokens.length, position, true).observe(observer).build();
        float[] logits = transformer.forward(batch, pool)[0];
        position += tokens.length;
        return logits;
    }

    private void check(int[] tokens) {
        if (closed) {
            throw new IllegalStateException("Session is closed");
        }
        var c = transformer.config();
        if (position + tokens.length > c.contextLength()) {
            throw new IllegalArgumentException("Position " + position + " + " + tokens.length
                    + " tokens exceeds the context length " + c.contextLength());
        }
        for (int token : tokens) {
            if (token < 0 || token >= c.vocabularySize()) {
                throw new IllegalArgumentException("Token id " + token + " is outside the vocabulary [0, " + c.vocabularySize() + ")");
            }
        }
    }

    /** Tokens held in the cache: the position the next token will take. */
    public synchronized int position() {
        return position;
    }

    /** KV-cache bytes in use by this session (positions held x bytes per position). */
    public synchronized long cacheBytes() {
        var c = transformer.config();
        return position * pool.type().bytesPerToken(c.layers(), c.kvDim());
    }

    @Override
    public synchronized void close() {
        closed = true;
        pool.releaseAll(table);
        position = 0;
    }
}
