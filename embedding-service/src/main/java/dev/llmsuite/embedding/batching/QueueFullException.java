package dev.llmsuite.embedding.batching;

/** The batcher's queue cannot take a request's sentences now; the caller should retry later. */
public final class QueueFullException extends Exception {

    public QueueFullException(int wanted, int free) {
        super("Embedding queue is full: " + wanted + " sentences wanted, room for " + free);
    }
}
