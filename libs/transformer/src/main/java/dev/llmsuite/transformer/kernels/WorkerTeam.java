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
    /** The range being split now; a helper that wakes late still holds the one before, which has no chunks left. */
    private volatile Job current;

    /**
     * One call's range, with its own chunk counters. Keeping the counters per call matters: a
     * helper descheduled while claiming from a finished range must not claim (and run twice) a
     * chunk of the next one, or the caller could return while that chunk is still being written.
     */
    private static final class Job {
        final Parallel.Range task;
        final int size;
        final int chunks;
        final AtomicInteger nextChunk = new AtomicInteger();
        final AtomicInteger pending;
        volatile Throwable failure;

        Job(Parallel.Range task, int size, int chunks) {
            this.task = task;
            this.size = size;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks);
        }

        /** Claims and runs chunks until none are left. */
        void work() {
            int chunk;
            while ((chunk = nextChunk.getAndIncrement()) < chunks) {
                try {
                    task.run((int) ((long) size * chunk / chunks), (int) ((long) size * (chunk + 1) / chunks));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

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
            Job job = new Job(body, n, Math.min(n, threads * CHUNKS_PER_THREAD));
            current = job;
            for (Thread helper : helpers) {
                LockSupport.unpark(helper);
            }
            job.work();
            while (job.pending.get() > 0) {
                Thread.onSpinWait();
            }
            Throwable error = job.failure;
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
        Job seen = current;
        while (true) {
            long idleSince = System.nanoTime();
            Job job;
            while ((job = current) == seen) {
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = job;
            job.work();
        }
    }
}
