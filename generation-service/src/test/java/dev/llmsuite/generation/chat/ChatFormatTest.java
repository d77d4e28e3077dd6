package dev.llmsuite.generation.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each family's documented layout. Recognition is checked on template fragments carrying the
 * family's marker tokens, the way GGUF files spell them.
 */
class ChatFormatTest {

    private static final List<ChatMessage> CONVERSATION = List.of(
            new ChatMessage("system", "Be brief."),
            new ChatMessage("user", "Hi"),
            new ChatMessage("assistant", "Hello."),
            new ChatMessage("user", "Name a color."));

    @Test
    void familiesAreRecognisedByTheirMarkers() {
        assertEquals(ChatFormat.CHATML, ChatFormat.recognise("{% for m in messages %}{{'<|im_start|>' + m['role'] + '\\n'}}"));
        assertEquals(ChatFormat.LLAMA3, ChatFormat.recognise("{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>' }}"));
        assertEquals(ChatFormat.LLAMA2, ChatFormat.recognise("{{ bos_token + '[INST] ' + content + ' [/INST]' }}"));
        assertEquals(ChatFormat.ZEPHYR, ChatFormat.recognise("{{ '<|user|>\\n' + message['content'] + eos_token }}"));
        assertEquals(ChatFormat.GEMMA, ChatFormat.recognise("{{ '<start_of_turn>' + role + '\\n' }}"));
        assertEquals(ChatFormat.PLAIN, ChatFormat.recognise(null));
        assertEquals(ChatFormat.PLAIN, ChatFormat.recognise("{{ something unknown }}"));
    }

    @Test
    void chatMlWrapsEveryTurnAndOpensTheAssistants() {
        ChatPrompt prompt = ChatFormat.CHATML.render(CONVERSATION);
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nName a color.<|im_end|>\n<|im_start|>assistant\n", prompt.text());
        assertEquals(List.of("<|im_end|>"), prompt.endOfTurn());
        assertFalse(prompt.addBos());
    }

    @Test
    void llama3UsesHeadersAndEndOfTurn() {
        ChatPrompt prompt = ChatFormat.LLAMA3.render(CONVERSATION.subList(0, 2));
        assertEquals("<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", prompt.text());
        assertTrue(prompt.addBos());
    }

    @Test
    void llama2FoldsTheSystemPromptIntoTheFirstInstruction() {
        ChatPrompt prompt = ChatFormat.LLAMA2.render(CONVERSATION);
        assertEquals("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello. </s><s>[INST] Name a color. [/INST]", prompt.text());
    }

    @Test
    void plainFallbackLabelsTurnsAndStopsBeforeTheNextUser() {
        ChatPrompt prompt = ChatFormat.PLAIN.render(CONVERSATION);
        assertEquals("System: Be brief.\nUser: Hi\nAssistant: Hello.\nUser: Name a color.\nAssistant:", prompt.text());
        assertTrue(prompt.endOfTurn().contains("\nUser:"));
    }
}
