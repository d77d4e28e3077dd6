package dev.llmsuite.transformer.kernels;

/**
 * Splits index ranges over a small, fixed team of threads shared by every model and session (see
 * {@link WorkerTeam}), so no thread is created per token. Work too small to pay for the hand-off
 * runs inline on the caller.
 *
 * <p>Size: system property {@code llmsuite.engine.threads}, default all available processors.
 */
public final class Parallel {

    /** Below this many multiply-adds a task is not worth splitting. */
    private static final long MIN_WORK_TO_SPLIT = 1 << 14;

    public static final int THREADS = Integer.getInteger("llmsuite.engine.threads", Runtime.getRuntime().availableProcessors());

    private static final WorkerTeam TEAM = THREADS > 1 ? new WorkerTeam(THREADS - 1) : null;

    private Parallel() {
    }

    /** Work on the index range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, n); {@code workPerIndex} (multiply-adds per index) decides whether splitting pays. */
    public static void forRange(int n, long workPerIndex, Range body) {
        if (TEAM == null || n < 2 || (long) n * workPerIndex < MIN_WORK_TO_SPLIT || !TEAM.run(n, body)) {
            body.run(0, n);
        }
    }
}
