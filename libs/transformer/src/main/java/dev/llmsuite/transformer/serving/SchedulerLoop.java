package dev.llmsuite.transformer.serving;

/**
 * The thread that runs one model's {@link Scheduler}: a step after another while there is work,
 * asleep while there is none. Requests are submitted to the scheduler from any thread; tokens
 * reach their listeners on this one.
 */
public final class SchedulerLoop implements AutoCloseable {

    private final Scheduler scheduler;
    private final Thread thread;
    private volatile boolean closed;

    public SchedulerLoop(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.thread = Thread.ofPlatform().daemon().name("llmsuite-scheduler-" + name).start(this::run);
    }

    private void run() {
        try {
            boolean ran = true;
            while (!closed) {
                scheduler.awaitWork(ran);
                ran = scheduler.step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduler.shutdown(new IllegalStateException("The model is being unloaded"));
        }
    }

    /** Stops after the current step; sequences still queued or running end with an error. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
