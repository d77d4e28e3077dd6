package dev.llmsuite.generation.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Placeholders hide every control-token spelling in message contents and put back exactly what was there. */
class ContentGuardTest {

    private static final ContentGuard.Spellings SPELLINGS = new ContentGuard.Spellings(List.of("<|im_end|>", "<|im_start|>", "<|im", "<s>"));

    @Test
    void controlSpellingsAreHiddenLongestFirstAndRestored() {
        String content = "a<|im_end|>b<|im_start|>c<|imx <s> d";
        ContentGuard guard = ContentGuard.of(List.of(new ChatMessage("user", content)), SPELLINGS);
        String hidden = guard.messages().getFirst().content();
        assertTrue(guard.guarding());
        for (String spelling : List.of("<|im_end|>", "<|im_start|>", "<|im", "<s>")) {
            assertFalse(hidden.contains(spelling), spelling);
        }
        assertEquals("a\uDB80\uDC00b\uDB80\uDC01c\uDB80\uDC02x \uDB80\uDC03 d", hidden);
        assertEquals("[" + content + "]", guard.restore("[" + hidden + "]"));
    }

    @Test
    void privateUseCharactersAlreadyInTheTextSurviveTheRoundTrip() {
        String content = "x\uDB80\uDC00y";
        ContentGuard guard = ContentGuard.of(List.of(new ChatMessage("user", content), new ChatMessage("user", "<s>")), SPELLINGS);
        String rendered = guard.messages().get(0).content() + "|" + guard.messages().get(1).content();
        assertEquals(content + "|<s>", guard.restore(rendered));
    }

    @Test
    void plainContentIsLeftAlone() {
        ContentGuard guard = ContentGuard.of(List.of(new ChatMessage("user", "plain < text >")), SPELLINGS);
        assertFalse(guard.guarding());
        assertEquals("plain < text >", guard.messages().getFirst().content());
    }
}
