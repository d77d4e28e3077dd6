package dev.llmsuite.generation.scheduling;

import dev.llmsuite.openai.OpenAiException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for generation: at most {@code capacity} generations run at once (each one
 * saturates the cores, so more would only slow all of them down), at most {@code queueSize}
 * requests wait in line (first come, first served), and anyone beyond that is told to come back
 * later with 429 and Retry-After, instead of piling up until memory or patience runs out.
 */
public final class GenerationSlots {

    private final int capacity;
    private final Semaphore running;
    private final int queueSize;
    private final Duration queueTimeout;
    private final AtomicInteger waiting = new AtomicInteger();

    public GenerationSlots(int capacity, int queueSize, Duration queueTimeout) {
        if (capacity < 1 || queueSize < 0) {
            throw new IllegalArgumentException("capacity must be >= 1 and queue size >= 0, got " + capacity + " and " + queueSize);
        }
        this.capacity = capacity;
        this.running = new Semaphore(capacity, true);
        this.queueSize = queueSize;
        this.queueTimeout = queueTimeout;
    }

    /** Waits for a slot (in line, bounded), or fails with 429. Close the slot when the generation ends. */
    public Slot acquire() {
        if (running.tryAcquire()) {
            return new Slot();
        }
        if (waiting.incrementAndGet() > queueSize) {
            waiting.decrementAndGet();
            throw OpenAiException.tooManyRequests("The server is at capacity: " + queueSize
                    + " requests are already waiting for a generation slot. Retry shortly.", retryAfterSeconds());
        }
        try {
            if (!running.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw OpenAiException.tooManyRequests("No generation slot became free within "
                        + queueTimeout.toSeconds() + " s. Retry shortly.", retryAfterSeconds());
            }
            return new Slot();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpenAiException.serviceUnavailable("Interrupted while waiting for a generation slot.");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Requests waiting in line right now. */
    public int queueDepth() {
        return waiting.get();
    }

    /** Generations running right now. */
    public int inUse() {
        return capacity - running.availablePermits();
    }

    private int retryAfterSeconds() {
        return (int) Math.max(1, Math.min(30, queueTimeout.toSeconds() / 4));
    }

    /** One running generation's claim; closing it twice is harmless. */
    public final class Slot implements AutoCloseable {

        private boolean released;

        private Slot() {
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                running.release();
            }
        }
    }
}
