package dev.llmsuite.infra;

import java.time.Duration;

/**
 * Waits in a test for something that another thread or process does, where the test has no signal
 * to wait on but the effect (a row in a table, an empty backlog, a counter that moved).
 */
public final class Eventually {

    /**
     * How long to wait: minutes, because a loaded two-core CI machine can stall a few seconds at a
     * time, and only a test that fails anyway waits this long.
     */
    public static final Duration PATIENCE = Duration.ofMinutes(3);

    private static final Duration POLL = Duration.ofMillis(100);

    /** A condition to poll; it may fail the wait by throwing (say, when the work it waits for failed). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@link #PATIENCE}. */
    public static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toMinutes() + " minutes for " + what);
            }
            Thread.sleep(POLL);
        }
    }
}
