package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.generate.GenerationResult;

import java.util.concurrent.CompletableFuture;

/** A submitted sequence: its result when it ends, and a way to stop it. */
public final class SequenceHandle {

    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private volatile boolean cancelRequested;

    SequenceHandle() {
    }

    /**
     * Completes when the sequence ends, however it ends (a cancelled one with finish reason
     * {@code cancelled}); exceptionally only if the engine failed.
     */
    public CompletableFuture<GenerationResult> result() {
        return result.copy();
    }

    /** Stops the sequence at the scheduler's next step (its batch mates go on); its blocks are freed then. */
    public void cancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void complete(GenerationResult value) {
        result.complete(value);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }
}
