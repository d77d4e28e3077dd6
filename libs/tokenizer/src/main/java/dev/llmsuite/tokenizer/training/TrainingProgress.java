package dev.llmsuite.tokenizer.training;

/** Told about every merge as training proceeds, so a caller can log or draw a progress bar. */
@FunctionalInterface
public interface TrainingProgress {

    /** Ignores progress. */
    TrainingProgress SILENT = (done, planned, merge, tokenBytes) -> { };

    /**
     * @param done       merges learned so far, this one included
     * @param planned    merges needed to reach the requested vocabulary size
     * @param merge      the merge just learned
     * @param tokenBytes the bytes of the token it produced
     */
    void merged(int done, int planned, Merge merge, byte[] tokenBytes);
}
