package dev.llmsuite.tokens.text;

import dev.llmsuite.openai.OpenAiException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestTextsTest {

    @Test
    void oneTextOrABatchWithinTheLimits() {
        assertEquals(List.of("a"), RequestTexts.of("a", null, 2, 5));
        assertEquals(List.of("a", ""), RequestTexts.of(null, List.of("a", ""), 2, 5));
    }

    @Test
    void limitsAndShapeErrorsNameTheField() {
        assertEquals("texts", assertThrows(OpenAiException.class, () -> RequestTexts.of(null, List.of("a", "b", "c"), 2, 5)).param());
        assertEquals("texts[1]", assertThrows(OpenAiException.class, () -> RequestTexts.of(null, List.of("a", "toolong"), 2, 5)).param());
        assertEquals("texts[0]", assertThrows(OpenAiException.class, () -> RequestTexts.of(null, Arrays.asList((String) null), 2, 5)).param());
        assertEquals("text", assertThrows(OpenAiException.class, () -> RequestTexts.of("toolong", null, 2, 5)).param());
        assertEquals("text", assertThrows(OpenAiException.class, () -> RequestTexts.of(null, null, 2, 5)).param());
        assertEquals("texts", assertThrows(OpenAiException.class, () -> RequestTexts.of("a", List.of("b"), 2, 5)).param());
        assertEquals("texts", assertThrows(OpenAiException.class, () -> RequestTexts.of(null, List.of(), 2, 5)).param());
    }
}
