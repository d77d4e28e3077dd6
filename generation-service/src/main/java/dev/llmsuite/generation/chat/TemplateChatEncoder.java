package dev.llmsuite.generation.chat;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tokenizer.gguf.Fragment;
import dev.llmsuite.tokenizer.gguf.GgufTokenizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation through the model's own chat template: rendered exactly as Hugging Face renders
 * it, then tokenized as llama.cpp tokenizes a rendered template (the template's leading BOS text
 * gives way to the BOS the vocabulary adds; control tokens are recognised), except that message
 * contents never yield control tokens ({@link ContentGuard}). Generation ends on the tokens
 * llama.cpp treats as end of generation.
 */
final class TemplateChatEncoder implements ChatEncoder {

    private final ChatTemplate template;
    private final GgufTokenizer tokenizer;
    private final ContentGuard.Spellings spellings;
    private final String bosText;
    private final String eosText;

    private TemplateChatEncoder(ChatTemplate template, GgufTokenizer tokenizer, String bosText, String eosText) {
        this.template = template;
        this.tokenizer = tokenizer;
        this.spellings = new ContentGuard.Spellings(tokenizer.controlTexts());
        this.bosText = bosText;
        this.eosText = eosText;
    }

    /** Checks the template ({@link ChatTemplate#check}), so that a broken one fails when the model loads rather than on a request. */
    static TemplateChatEncoder load(String source, GgufTokenizer tokenizer, Clock clock) {
        String bos = tokenizer.bos() >= 0 ? tokenizer.token(tokenizer.bos()) : null;
        String eos = tokenizer.eos() >= 0 ? tokenizer.token(tokenizer.eos()) : null;
        Map<String, String> specialTokens = new HashMap<>();
        if (bos != null) {
            specialTokens.put("bos_token", bos);
        }
        if (eos != null) {
            specialTokens.put("eos_token", eos);
        }
        ChatTemplate template = new ChatTemplate(source, specialTokens, clock);
        try {
            template.check();
        } catch (ChatTemplateException e) {
            throw new ChatTemplateException("The model's chat template (tokenizer.chat_template) is not usable: " + e.getMessage(), false);
        }
        return new TemplateChatEncoder(template, tokenizer, bos, eos);
    }

    @Override
    public ChatTokens encode(List<ChatMessage> messages) {
        String rendered;
        ContentGuard guard;
        String trusted;
        try {
            rendered = template.render(messages, true);
            guard = ContentGuard.of(messages, spellings);
            trusted = guard.guarding() ? template.render(guard.messages(), true) : rendered;
        } catch (ChatTemplateException e) {
            throw OpenAiException.badRequest((e.raisedByTemplate() ? "The model's chat template rejects these messages: "
                    : "The model's chat template fails on these messages: ") + e.getMessage(), "messages");
        } catch (IllegalArgumentException e) {
            throw OpenAiException.badRequest(e.getMessage(), "messages");
        }
        if (!guard.restore(trusted).equals(rendered)) {
            throw OpenAiException.badRequest("A message holds the text of one of this model's control tokens, and the model's chat"
                    + " template treats that text specially; remove it from the message.", "messages");
        }
        if (tokenizer.addsBos() && bosText != null && trusted.startsWith(bosText)) {
            trusted = trusted.substring(bosText.length());
        }
        if (tokenizer.addsEos() && eosText != null && trusted.endsWith(eosText)) {
            trusted = trusted.substring(0, trusted.length() - eosText.length());
        }
        List<Fragment> fragments = new ArrayList<>();
        for (Fragment fragment : tokenizer.split(trusted, true)) {
            fragments.add(fragment instanceof Fragment.Text(String text) ? new Fragment.Text(guard.restore(text)) : fragment);
        }
        return new ChatTokens(tokenizer.encode(fragments, true), List.of(), tokenizer.endOfGeneration());
    }

    @Override
    public String describe() {
        return "the model's chat template";
    }
}
