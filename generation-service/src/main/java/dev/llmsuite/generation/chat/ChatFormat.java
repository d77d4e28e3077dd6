package dev.llmsuite.generation.chat;

import dev.llmsuite.transformer.LanguageModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chat layouts written out in Java, for model files that carry no chat template of their own
 * ({@code tokenizer.chat_template}; a file that has one is rendered with it, see
 * {@link TemplateChatEncoder}). The layout is chosen by the marker tokens the vocabulary has; a
 * vocabulary without any gets {@link #PLAIN}: "System: ...\nUser: ...\nAssistant:".
 */
public enum ChatFormat {

    /** {@code <|im_start|>role\ncontent<|im_end|>\n} (Qwen, SmolLM2, many fine-tunes). */
    CHATML("<|im_start|>") {
        @Override
        public ChatPrompt render(List<ChatMessage> messages) {
            Segments out = new Segments();
            for (ChatMessage m : messages) {
                out.control("<|im_start|>").text(m.role() + "\n" + m.content()).control("<|im_end|>").text("\n");
            }
            out.control("<|im_start|>").text("assistant\n");
            return out.prompt(false, "<|im_end|>");
        }
    },

    /** Llama 3: {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>}, after the BOS token. */
    LLAMA3("<|start_header_id|>") {
        @Override
        public ChatPrompt render(List<ChatMessage> messages) {
            Segments out = new Segments();
            for (ChatMessage m : messages) {
                out.control("<|start_header_id|>").text(m.role()).control("<|end_header_id|>")
                        .text("\n\n" + m.content().strip()).control("<|eot_id|>");
            }
            out.control("<|start_header_id|>").text("assistant").control("<|end_header_id|>").text("\n\n");
            return out.prompt(true, "<|eot_id|>");
        }
    },

    /**
     * Llama 2 chat: {@code [INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST] answer </s><s>[INST] ...}.
     * The system prompt is folded into the first user turn, as Meta's reference code does.
     */
    LLAMA2("[INST]") {
        @Override
        public ChatPrompt render(List<ChatMessage> messages) {
            Segments out = new Segments();
            String system = null;
            boolean firstTurn = true;
            for (ChatMessage m : messages) {
                switch (m.role()) {
                    case "system" -> system = m.content();
                    case "user" -> {
                        if (!firstTurn) {
                            out.control("<s>");
                        }
                        out.text("[INST] ");
                        if (system != null) {
                            out.text("<<SYS>>\n" + system + "\n<</SYS>>\n\n");
                            system = null;
                        }
                        out.text(m.content().strip() + " [/INST]");
                        firstTurn = false;
                    }
                    default -> out.text(" " + m.content().strip() + " ").control("</s>");
                }
            }
            return out.prompt(true, "</s>");
        }
    },

    /** Zephyr: {@code <|user|>\ncontent</s>\n}, the assistant's turn opened with {@code <|assistant|>\n}. */
    ZEPHYR("<|user|>") {
        @Override
        public ChatPrompt render(List<ChatMessage> messages) {
            Segments out = new Segments();
            for (ChatMessage m : messages) {
                out.control("<|" + m.role() + "|>").text("\n" + m.content()).control("</s>").text("\n");
            }
            out.control("<|assistant|>").text("\n");
            return out.prompt(true, "</s>");
        }
    },

    /** Gemma: {@code <start_of_turn>user\ncontent<end_of_turn>\n}; Gemma has no system role, so it leads the first user turn. */
    GEMMA("<start_of_turn>") {
        @Override
        public ChatPrompt render(List<ChatMessage> messages) {
            Segments out = new Segments();
            String system = null;
            for (ChatMessage m : messages) {
                if (m.role().equals("system")) {
                    system = m.content();
                    continue;
                }
                String role = m.role().equals("assistant") ? "model" : "user";
                String content = system != null && role.equals("user") ? system + "\n\n" + m.content() : m.content();
                if (role.equals("user")) {
                    system = null;
                }
                out.control("<start_of_turn>").text(role + "\n" + content.strip()).control("<end_of_turn>").text("\n");
            }
            out.control("<start_of_turn>").text("model\n");
            return out.prompt(true, "<end_of_turn>");
        }
    },

    /** For models without a chat template (base models such as the TinyStories ones). */
    PLAIN(null) {
        @Override
        public ChatPrompt render(List<ChatMessage> messages) {
            Segments out = new Segments();
            for (ChatMessage m : messages) {
                out.text(capitalised(m.role()) + ": " + m.content() + "\n");
            }
            out.text("Assistant:");
            return out.prompt(true, "\nUser:", "\nSystem:");
        }
    };

    private final String marker;

    ChatFormat(String marker) {
        this.marker = marker;
    }

    /** Renders the conversation and opens the assistant's turn. */
    public abstract ChatPrompt render(List<ChatMessage> messages);

    /**
     * The layout whose marker is a token of the model's vocabulary; Llama 2 chat (whose markers are
     * plain text) by the model's name; otherwise {@link #PLAIN}.
     */
    public static ChatFormat forVocabulary(LanguageModel model) {
        Set<String> markers = new HashSet<>();
        for (ChatFormat format : values()) {
            if (format.marker != null) {
                markers.add(format.marker);
            }
        }
        Set<String> present = new HashSet<>();
        for (int id = 0; id < model.info().vocabularySize(); id++) {
            if (markers.contains(model.tokenText(id))) {
                present.add(model.tokenText(id));
            }
        }
        for (ChatFormat format : values()) {
            if (format.marker != null && present.contains(format.marker)) {
                return format;
            }
        }
        String name = model.info().name().toLowerCase(Locale.ROOT);
        return (name.contains("llama-2") || name.contains("llama2")) && name.contains("chat") ? LLAMA2 : PLAIN;
    }

    private static String capitalised(String role) {
        return role.isEmpty() ? role : Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }

    /** Collects segments in order; adjacent text segments are merged so each is tokenised as one piece. */
    private static final class Segments {

        private final List<ChatPrompt.Segment> segments = new ArrayList<>();

        Segments control(String marker) {
            segments.add(new ChatPrompt.Segment(marker, true));
            return this;
        }

        Segments text(String text) {
            int last = segments.size() - 1;
            if (last >= 0 && !segments.get(last).control()) {
                segments.set(last, new ChatPrompt.Segment(segments.get(last).text() + text, false));
            } else {
                segments.add(new ChatPrompt.Segment(text, false));
            }
            return this;
        }

        ChatPrompt prompt(boolean addBos, String... endOfTurn) {
            return new ChatPrompt(List.copyOf(segments), addBos, List.of(endOfTurn));
        }
    }
}
