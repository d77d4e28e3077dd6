package dev.llmsuite.generation.chat;

import dev.llmsuite.transformer.LanguageModel;
import java.util.List;

/** A hand-written {@link ChatFormat}, for model files without a chat template. */
final class FormatChatEncoder implements ChatEncoder {

    private final ChatFormat format;
    private final ControlTokens controlTokens;

    FormatChatEncoder(LanguageModel model, ChatFormat format) {
        this.format = format;
        this.controlTokens = ControlTokens.of(model, format);
    }

    @Override
    public ChatTokens encode(List<ChatMessage> messages) {
        ChatPrompt prompt = format.render(messages);
        return new ChatTokens(controlTokens.encode(prompt), prompt.endOfTurn(), controlTokens.endOfTurn(prompt));
    }

    @Override
    public String describe() {
        return "format " + format;
    }
}
