package dev.llmsuite.transformer;

import dev.llmsuite.transformer.cache.KvCache;
import dev.llmsuite.transformer.model.Transformer;

/**
 * One sequence being generated: its own KV-cache and position. Sessions of one model are
 * independent and may run concurrently; a single session is used by one thread at a time.
 * Closing it frees the cache at once.
 */
public final class Session implements AutoCloseable {

    private final Transformer transformer;
    private final KvCache cache;
    private boolean closed;

    Session(Transformer transformer) {
        this.transformer = transformer;
        var c = transformer.config();
        this.cache = new KvCache(c.layers(), c.kvDim(), c.contextLength());
    }

    /** Appends the tokens (a prompt) to the cache in one batch and returns the logits of the last one. */
    public synchronized float[] prefill(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("Nothing to prefill: the token list is empty");
        }
        check(tokens);
        return transformer.forward(tokens.clone(), cache);
    }

    /** Appends one token and returns the logits for the token after it. */
    public synchronized float[] next(int token) {
        int[] one = {token};
        check(one);
        return transformer.forward(one, cache);
    }

    private void check(int[] tokens) {
        if (closed) {
            throw new IllegalStateException("Session is closed");
        }
        var c = transformer.config();
        if (cache.length() + tokens.length > c.contextLength()) {
            throw new IllegalArgumentException("Position " + cache.length() + " + " + tokens.length
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
        return cache.length();
    }

    /** KV-cache bytes in use by this session. */
    public synchronized long cacheBytes() {
        return cache.bytesInUse();
    }

    @Override
    public synchronized void close() {
        closed = true;
        cache.release();
    }
}
