package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The team's contract, which every kernel relies on: when {@code forRange} returns, each index of
 * the range has been run exactly once and its writes are visible to the caller. Small ranges
 * (fewer indices than the team cuts units) alternate with large ones, the pattern in which a
 * helper that claims late could once take a unit of the next range.
 */
class ParallelTest {

    private static final long SPLIT = 1 << 20;

    @Test
    void everyIndexRunsExactlyOnceAndIsDoneOnReturn() {
        int[] sizes = {3, 1000, 2, 64, 5, 4096, 7};
        for (int round = 0; round < 20_000; round++) {
            int n = sizes[round % sizes.length];
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            int[] written = new int[n];
            int stamp = round + 1;
            Parallel.forRange(n, SPLIT, (from, to) -> {
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                    written[i] = stamp;
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, runs.get(i), "index " + i + " of " + n + " in round " + round);
                assertEquals(stamp, written[i], "index " + i + " of " + n + " in round " + round);
            }
        }
    }

    @Test
    void aFailureInAChunkReachesTheCaller() {
        IllegalStateException thrown = new IllegalStateException("chunk failed");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, SPLIT, (from, to) -> {
            if (from == 0) {
                throw thrown;
            }
        })));
        int[] after = new int[10];
        Parallel.forRange(10, SPLIT, (from, to) -> {
            for (int i = from; i < to; i++) {
                after[i] = i;
            }
        });
        assertEquals(9, after[9], "the team works on after a failure");
    }

    /**
     * A helper held up inside its own part (here until another thread has run a later unit of
     * that part) must not hold the range up: the others take what is left of the part from its
     * back end. Without that, the held-up unit would wait out its minute for nothing.
     */
    @Test
    void aPartWhoseOwnerIsHeldUpIsFinishedByTheOthers() {
        assumeTrue(Parallel.THREADS > 1, "needs a helper thread");
        int n = 4096;
        int partStart = n / Parallel.THREADS;
        int partEnd = 2 * n / Parallel.THREADS;
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        CountDownLatch laterUnitRan = new CountDownLatch(1);
        AtomicBoolean heldUpUnitWaitedInVain = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        Parallel.forRange(n, SPLIT, (from, to) -> {
            if (from == partStart && Thread.currentThread() != caller && !await(laterUnitRan)) {
                heldUpUnitWaitedInVain.set(true);
            } else if (from > partStart && from < partEnd) {
                laterUnitRan.countDown();
            }
            for (int i = from; i < to; i++) {
                runs.incrementAndGet(i);
            }
        });
        assertFalse(heldUpUnitWaitedInVain.get(), "no other thread took a unit of the held-up part");
        for (int i = 0; i < n; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    /** Whether the latch opened within a minute. */
    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
