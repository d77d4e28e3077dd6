package dev.llmsuite.transformer.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller plus a few helper threads that split one range at a time. A decoded token hands out
 * dozens of small ranges (one per matrix), microseconds apart, so helpers spin briefly between
 * them instead of parking: waking a parked thread costs more than a small matrix-vector product.
 * After {@link #SPIN_NANOS} without work they park, so an idle engine uses no CPU.
 *
 * <p>Ranges are cut into more chunks than threads and claimed dynamically, so a helper that the
 * OS deschedules does not hold the caller up. Callers from different sessions take turns.
 */
final class WorkerTeam {

    private static final long SPIN_NANOS = 200_000;
    private static final int CHUNKS_PER_THREAD = 4;

    private final ReentrantLock callers = new ReentrantLock();
    private final Thread[] helpers;
    private final int threads;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile Parallel.Range task;
    private volatile int size;
    private volatile int chunks;
    private volatile Throwable failure;

    WorkerTeam(int helperCount) {
        threads = helperCount + 1;
        helpers = new Thread[helperCount];
        for (int i = 0; i < helperCount; i++) {
            helpers[i] = new Thread(this::helperLoop, "llmsuite-engine-" + i);
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    /**
     * Runs {@code body} over [0, n) with the team; returns false (having done nothing) when called
     * from inside a team task, where the caller should simply run the range itself.
     */
    boolean run(int n, Parallel.Range body) {
        if (callers.isHeldByCurrentThread() || isHelper()) {
            return false;
        }
        callers.lock();
        try {
            int chunkCount = Math.min(n, threads * CHUNKS_PER_THREAD);
            task = body;
            size = n;
            chunks = chunkCount;
            failure = null;
            pending.set(chunkCount);
            nextChunk.set(0);
            generation++;
            for (Thread helper : helpers) {
                LockSupport.unpark(helper);
            }
            work();
            while (pending.get() > 0) {
                Thread.onSpinWait();
            }
            task = null;
            Throwable error = failure;
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            return true;
        } finally {
            callers.unlock();
        }
    }

    /** Claims and runs chunks of the current range until none are left. */
    private void work() {
        int chunk;
        while ((chunk = nextChunk.getAndIncrement()) < chunks) {
            try {
                int n = size;
                task.run((int) ((long) n * chunk / chunks), (int) ((long) n * (chunk + 1) / chunks));
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private boolean isHelper() {
        Thread current = Thread.currentThread();
        for (Thread helper : helpers) {
            if (helper == current) {
                return true;
            }
        }
        return false;
    }

    private void helperLoop() {
        long seen = generation;
        while (true) {
            long idleSince = System.nanoTime();
            while (generation == seen) {
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            work();
        }
    }
}
