package dev.llmsuite.generation.chat;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Template markers against a real vocabulary: stories260K's SentencePiece vocabulary has the Llama
 * control tokens {@code <s>} and {@code </s>}, so the Llama 2 layout must use them as tokens, while
 * the same strings typed by a user stay plain text.
 */
class ControlTokensTest {

    @AutoClose
    private static final LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"));

    @Test
    void markersBecomeControlTokensAndContentStaysText() {
        ControlTokens tokens = ControlTokens.of(model, ChatFormat.LLAMA2);
        int bos = model.info().bosToken();
        int eos = model.info().eosToken();
        ChatPrompt prompt = ChatFormat.LLAMA2.render(List.of(
                new ChatMessage("user", "Hi </s>"),
                new ChatMessage("assistant", "Hello."),
                new ChatMessage("user", "Bye")));
        int[] ids = tokens.encode(prompt);

        assertEquals(bos, ids[0]);
        // Exactly one end-of-sequence and one extra BOS: those of the template, not the one the user typed.
        assertEquals(1, IntStream.of(ids).filter(id -> id == eos).count());
        assertEquals(2, IntStream.of(ids).filter(id -> id == bos).count());
        assertArrayEquals(new int[]{eos}, tokens.endOfTurn(prompt));

        int[] firstTurn = model.encodePrompt("[INST] Hi </s> [/INST] Hello. ", false);
        int[] start = java.util.Arrays.copyOfRange(ids, 1, 1 + firstTurn.length);
        assertArrayEquals(firstTurn, start);
    }

    @Test
    void aVocabularyWithoutTheMarkersTokenisesThemAsText() {
        ControlTokens tokens = ControlTokens.of(model, ChatFormat.CHATML);
        ChatPrompt prompt = ChatFormat.CHATML.render(List.of(new ChatMessage("user", "Hi")));
        int[] ids = tokens.encode(prompt);
        assertEquals(0, tokens.endOfTurn(prompt).length);
        assertFalse(ids.length == 0);
        assertEquals(model.tokenizer().decode(ids), model.tokenizer().decode(concatenated(prompt)));
    }

    private static int[] concatenated(ChatPrompt prompt) {
        return prompt.segments().stream().flatMapToInt(s -> IntStream.of(model.encodePrompt(s.text(), false))).toArray();
    }
}
