package dev.llmsuite.embedding.batching;

/** What the batcher reports, for metrics; called from the batcher's thread, so it must be cheap. */
public interface BatchObserver {

    /** One ONNX Runtime run: how many sentences, their real tokens and the padded tensor size. */
    void batchRun(int sentences, long realTokens, long paddedTokens, long inferenceNanos);

    /** Time one sentence spent queued before its batch started. */
    void queueWait(long nanos);

    /** Sentences dropped because their caller went away before they ran. */
    void dropped(int sentences);

    BatchObserver NONE = new BatchObserver() {
        @Override
        public void batchRun(int sentences, long realTokens, long paddedTokens, long inferenceNanos) {
        }

        @Override
        public void queueWait(long nanos) {
        }

        @Override
        public void dropped(int sentences) {
        }
    };
}
