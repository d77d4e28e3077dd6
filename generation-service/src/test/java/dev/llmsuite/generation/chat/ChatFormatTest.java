package dev.llmsuite.generation.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fallback format's documented layout (for model files without a chat template). */
class ChatFormatTest {

    private static final List<ChatMessage> CONVERSATION = List.of(
            new ChatMessage("system", "Be brief."),
            new ChatMessage("user", "Hi"),
            new ChatMessage("assistant", "Hello."),
            new ChatMessage("user", "Name a color."));

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
