package dev.llmsuite.generation.models;

import dev.llmsuite.generation.chat.ChatEncoder;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.serving.Scheduler;

import java.time.Instant;

/**
 * A loaded model under the name clients use, with how its conversations become prompts (its own
 * chat template, or a fallback format) and the scheduler that batches its requests.
 */
public record ServedModel(String name, LanguageModel model, ChatEncoder chat, Instant loadedAt, Scheduler scheduler) {

    public int contextLength() {
        return model.info().contextLength();
    }

    public int vocabularySize() {
        return model.info().vocabularySize();
    }
}
