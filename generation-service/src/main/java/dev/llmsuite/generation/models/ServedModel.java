package dev.llmsuite.generation.models;

import dev.llmsuite.generation.chat.ChatFormat;
import dev.llmsuite.generation.chat.ControlTokens;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.serving.Scheduler;

import java.time.Instant;

/**
 * A loaded model under the name clients use, with the chat format recognised from its template,
 * that format's control tokens, and the scheduler that batches its requests.
 */
public record ServedModel(String name, LanguageModel model, ChatFormat chatFormat, ControlTokens controlTokens,
                          Instant loadedAt, Scheduler scheduler) {

    public int contextLength() {
        return model.info().contextLength();
    }

    public int vocabularySize() {
        return model.info().vocabularySize();
    }
}
