package dev.llmsuite.generation.chat;

import dev.llmsuite.generation.chat.jinja.HuggingFaceJinja;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's own chat template ({@code tokenizer.chat_template}, Jinja source), rendered exactly as
 * Hugging Face's {@code apply_chat_template} renders it: the messages as {@code role}/{@code content}
 * dicts, {@code add_generation_prompt}, {@code tools} and {@code documents} as None, and the
 * special-token strings ({@code bos_token}, {@code eos_token} ...) as variables.
 */
public final class ChatTemplate {

    private static final HuggingFaceJinja JINJA = new HuggingFaceJinja();

    private final String source;
    private final Map<String, String> specialTokens;
    private final Clock clock;

    /**
     * @param specialTokens e.g. {@code bos_token -> "<|begin_of_text|>"}, as Hugging Face's special tokens map has them
     * @param clock         what {@code strftime_now} reads (Llama 3.x and SmolLM3 print today's date)
     */
    public ChatTemplate(String source, Map<String, String> specialTokens, Clock clock) {
        this.source = source;
        this.specialTokens = Map.copyOf(specialTokens);
        this.clock = clock;
    }

    /**
     * Fails, as a template error that is not the conversation's fault, when the template uses a
     * filter this engine lacks or cannot render a one-message conversation.
     */
    public void check() {
        List<String> unknown = JINJA.unknownFilters(source);
        if (!unknown.isEmpty()) {
            throw new ChatTemplateException("it uses filters this server's Jinja engine does not have: " + String.join(", ", unknown), false);
        }
        try {
            render(List.of(new ChatMessage("user", "Hello")), true);
        } catch (ChatTemplateException e) {
            if (!e.raisedByTemplate()) {
                throw e;
            }
        }
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> dicts = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> dict = new LinkedHashMap<>();
            dict.put("role", message.role());
            dict.put("content", message.content());
            dicts.add(dict);
        }
        Map<String, Object> variables = new HashMap<>(specialTokens);
        variables.put("messages", dicts);
        variables.put("tools", null);
        variables.put("documents", null);
        variables.put("add_generation_prompt", addGenerationPrompt);
        HuggingFaceJinja.Rendering rendering = JINJA.render(source, variables, clock);
        if (rendering.raised() != null) {
            throw new ChatTemplateException(rendering.raised(), true);
        }
        if (rendering.error() != null) {
            throw new ChatTemplateException(rendering.error(), false);
        }
        return rendering.output();
    }
}
