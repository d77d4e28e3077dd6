package dev.llmsuite.transformer.serving;

/**
 * What one scheduler step did, for metrics.
 *
 * @param sequences   sequences that had rows in the step's forward pass
 * @param decodeRows  rows that were a sequence's next token
 * @param prefillRows rows of prompt chunks (or of recomputation after preemption)
 * @param preempted   sequences preempted in this step to free blocks
 * @param nanos       the step's duration
 */
public record StepReport(int sequences, int decodeRows, int prefillRows, int preempted, long nanos) {

    /** Receives every step's report on the scheduler's thread. */
    @FunctionalInterface
    public interface Observer {
        void onStep(StepReport report);

        Observer NONE = report -> {
        };
    }
}
