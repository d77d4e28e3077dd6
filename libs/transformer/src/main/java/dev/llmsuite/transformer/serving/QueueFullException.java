package dev.llmsuite.transformer.serving;

/** The scheduler's queue is full: the caller should come back after {@link #retryAfterSeconds()}. */
public final class QueueFullException extends RuntimeException {

    private final int retryAfterSeconds;

    QueueFullException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A guess at when a place will be free: the queue's length times recent time per sequence, over the batch size. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
