package dev.llmsuite.generation.models;

import dev.llmsuite.generation.chat.ChatFormat;
import dev.llmsuite.generation.chat.ControlTokens;
import dev.llmsuite.transformer.LanguageModel;

import java.time.Instant;

/** A loaded model under the name clients use, with the chat format recognised from its template and that format's control tokens. */
public record ServedModel(String name, LanguageModel model, ChatFormat chatFormat, ControlTokens controlTokens,
                          Instant loadedAt) {

    public int contextLength() {
        return model.info().contextLength();
    }

    public int vocabularySize() {
        return model.info().vocabularySize();
    }
}
