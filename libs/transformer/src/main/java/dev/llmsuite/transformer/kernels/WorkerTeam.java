package dev.llmsuite.transformer.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller plus a few helper threads that split one range at a time. A decoded token hands out
 * dozens of small ranges (one per matrix), microseconds apart, so helpers spin briefly between
 * them instead of parking: waking a parked thread costs more than a small matrix-vector product.
 * After {@link #SPIN_NANOS} without work they park, so an idle engine uses no CPU.
 *
 * <p>Each thread owns one contiguous part of a range and runs it front to back, so that it reads
 * one long stream of weights, which is what the hardware prefetchers stream fastest. A thread
 * that has finished its part takes the units left in other parts from their back end: a helper
 * that the OS deschedules does not hold the caller up, and the owner's stream stays unbroken.
 * Callers from different sessions take turns.
 */
final class WorkerTeam {

    private static final long SPIN_NANOS = 200_000;
    /** Units per part: what a thread that is done early can take from another's part. */
    private static final int UNITS = 4;

    private final ReentrantLock callers = new ReentrantLock();
    private final Thread[] helpers;
    private final int threads;
    /** The range being split now; a helper that wakes late still holds the one before, which has no units left. */
    private volatile Job current;

    /**
     * One call's range, with its own claim counters. Keeping them per call matters: a helper
     * descheduled while claiming from a finished range must not claim (and run twice) a unit of
     * the next one, or the caller could return while that unit is still being written.
     */
    private static final class Job {
        final Parallel.Range task;
        final int size;
        final int parts;
        /** Per part: the next unit from the front in the high half, the end of the units left in the low half. */
        final AtomicLongArray claims;
        final AtomicInteger pending;
        volatile Throwable failure;

        Job(Parallel.Range task, int size, int parts) {
            this.task = task;
            this.size = size;
            this.parts = parts;
            this.claims = new AtomicLongArray(parts);
            for (int part = 0; part < parts; part++) {
                claims.set(part, UNITS);
            }
            this.pending = new AtomicInteger(parts * UNITS);
        }

        /** Runs part {@code own} from the front, then what is left of the others from their back. */
        void work(int own) {
            int unit;
            while ((unit = claim(own, true)) >= 0) {
                run(own, unit);
            }
            for (int k = 1; k < parts; k++) {
                int part = (own + k) % parts;
                while ((unit = claim(part, false)) >= 0) {
                    run(part, unit);
                }
            }
        }

        /** A unit of {@code part} not yet claimed, its first or its last; -1 when none is left. */
        private int claim(int part, boolean first) {
            while (true) {
                long now = claims.get(part);
                int next = (int) (now >>> 32);
                int end = (int) now;
                if (next >= end) {
                    return -1;
                }
                long after = first ? ((long) (next + 1) << 32) | end : ((long) next << 32) | (end - 1);
                if (claims.compareAndSet(part, now, after)) {
                    return first ? next : end - 1;
                }
            }
        }

        private void run(int part, int unit) {
            long partFrom = (long) size * part / parts;
            long partLength = (long) size * (part + 1) / parts - partFrom;
            int from = (int) (partFrom + partLength * unit / UNITS);
            int to = (int) (partFrom + partLength * (unit + 1) / UNITS);
            try {
                if (from < to) {
                    task.run(from, to);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    WorkerTeam(int helperCount) {
        threads = helperCount + 1;
        helpers = new Thread[helperCount];
        for (int i = 0; i < helperCount; i++) {
            int part = i + 1;
            helpers[i] = new Thread(() -> helperLoop(part), "llmsuite-engine-" + i);
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
            Job job = new Job(body, n, threads);
            current = job;
            for (Thread helper : helpers) {
                LockSupport.unpark(helper);
            }
            job.work(0);
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

    /** Helper loop of the thread that owns part {@code part} of every range. */
    private void helperLoop(int part) {
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
            job.work(part);
        }
    }
}
