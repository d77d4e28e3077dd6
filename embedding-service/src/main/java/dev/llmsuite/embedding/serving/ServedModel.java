package dev.llmsuite.embedding.serving;

import dev.llmsuite.embedding.batching.DynamicBatcher;
import dev.llmsuite.embedding.model.EmbeddingModel;

/** A loaded model together with the batcher that feeds it. */
public record ServedModel(EmbeddingModel model, DynamicBatcher batcher, long createdEpochSeconds) {

    public String name() {
        return model.name();
    }
}
