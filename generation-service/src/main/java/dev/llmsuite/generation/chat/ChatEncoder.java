package dev.llmsuite.generation.chat;

import dev.llmsuite.tokenizer.gguf.GgufTokenizer;
import dev.llmsuite.transformer.LanguageModel;
import java.time.Clock;
import java.util.List;

/** Turns a conversation into a model's prompt: with the model's own chat template, or a hand-written format for files without one. */
public interface ChatEncoder {

    /**
     * @throws ChatTemplateException when the model's template rejects the conversation or fails on it
     */
    ChatTokens encode(List<ChatMessage> messages);

    /** What the chat looks like to clients in logs: the template's origin or the format's name. */
    String describe();

    /**
     * The model's own template when its file has one ({@code tokenizer.chat_template}); otherwise
     * the hand-written format whose markers its vocabulary has.
     *
     * @throws ChatTemplateException when the file's template cannot render a simple conversation (a broken template)
     */
    static ChatEncoder forModel(LanguageModel model) {
        String template = model.info().chatTemplate();
        if (template != null && !template.isBlank() && model.tokenizer() instanceof GgufTokenizer tokenizer) {
            return TemplateChatEncoder.load(template, tokenizer, Clock.systemDefaultZone());
        }
        return new FormatChatEncoder(model, ChatFormat.forVocabulary(model));
    }
}
