package dev.llmsuite.generation.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published chat templates of Llama 3.1/3.2, Qwen2.5/Qwen3, Gemma 2/3, SmolLM2/3 and Phi-3.5,
 * rendered by our Jinja engine, against what Hugging Face's {@code apply_chat_template} renders
 * (jinja2, by scripts/render-chat-templates.py, committed as expected.json): every conversation,
 * with and without the generation prompt, character for character, including the conversations a
 * template rejects with {@code raise_exception}. A second set renders small templates for each
 * Jinja feature those templates lean on (whitespace control, Python string methods, filters,
 * tests, loops, namespaces, tojson).
 */
class ChatTemplateExactnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void publishedTemplatesRenderAsHuggingFace(String name, ChatTemplate template, List<ChatMessage> messages, boolean addGenerationPrompt,
                                               JsonNode expected) {
        if (expected.has("raised")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> template.render(messages, addGenerationPrompt));
            assertTrue(e.raisedByTemplate(), e.getMessage());
            assertEquals(expected.get("raised").asText(), e.getMessage());
        } else {
            assertEquals(expected.get("output").asText(), template.render(messages, addGenerationPrompt));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("features")
    void jinjaFeaturesBehaveAsInJinja2(String name, ChatTemplate template, List<ChatMessage> messages, JsonNode expected) {
        if (expected.has("raised")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> template.render(messages, true));
            assertEquals(expected.get("raised").asText(), e.getMessage());
        } else {
            assertEquals(expected.get("output").asText(), template.render(messages, true));
        }
    }

    /** The load-time check (filters this engine has, a one-message render) passes every published template. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void publishedTemplatesPassTheLoadCheck(String name, ChatTemplate template) {
        template.check();
    }

    static Stream<Arguments> templates() throws IOException {
        JsonNode cases = resource("cases.json");
        List<Arguments> arguments = new ArrayList<>();
        for (Map.Entry<String, JsonNode> t : cases.get("templates").properties()) {
            arguments.add(Arguments.of(t.getKey(), new ChatTemplate(text(t.getKey() + ".jinja"), specialTokens(t.getValue()), clock(cases))));
        }
        return arguments.stream();
    }

    static Stream<Arguments> renderings() throws IOException {
        JsonNode cases = resource("cases.json");
        Clock clock = clock(cases);
        Map<String, ChatTemplate> templates = new HashMap<>();
        for (Map.Entry<String, JsonNode> t : cases.get("templates").properties()) {
            templates.put(t.getKey(), new ChatTemplate(text(t.getKey() + ".jinja"), specialTokens(t.getValue()), clock));
        }
        List<Arguments> arguments = new ArrayList<>();
        for (JsonNode r : resource("expected.json").get("renderings")) {
            String name = r.get("template").asText() + " / " + r.get("conversation").asText()
                    + (r.get("add_generation_prompt").asBoolean() ? " + generation prompt" : "");
            arguments.add(Arguments.of(name, templates.get(r.get("template").asText()),
                    messages(cases.get("conversations").get(r.get("conversation").asText())), r.get("add_generation_prompt").asBoolean(), r));
        }
        return arguments.stream();
    }

    static Stream<Arguments> features() throws IOException {
        JsonNode cases = resource("cases.json");
        Clock clock = clock(cases);
        List<ChatMessage> messages = messages(cases.get("conversations").get(cases.get("feature-conversation").asText()));
        List<Arguments> arguments = new ArrayList<>();
        for (JsonNode f : resource("expected.json").get("features")) {
            String feature = f.get("feature").asText();
            ChatTemplate template = new ChatTemplate(cases.get("features").get(feature).asText(),
                    Map.of("bos_token", "<bos>", "eos_token", "<eos>"), clock);
            arguments.add(Arguments.of(feature, Named.of(feature, template), messages, f));
        }
        return arguments.stream();
    }

    private static Clock clock(JsonNode cases) {
        return Clock.fixed(LocalDateTime.parse(cases.get("now").asText()).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }

    private static Map<String, String> specialTokens(JsonNode tokens) {
        Map<String, String> map = new HashMap<>();
        tokens.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static List<ChatMessage> messages(JsonNode conversation) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : conversation) {
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return messages;
    }

    private static JsonNode resource(String name) throws IOException {
        return JSON.readTree(text(name));
    }

    private static String text(String name) throws IOException {
        try (InputStream in = ChatTemplateExactnessTest.class.getResourceAsStream("/chat-templates/" + name)) {
            if (in == null) {
                throw new IOException("Missing test resource chat-templates/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
