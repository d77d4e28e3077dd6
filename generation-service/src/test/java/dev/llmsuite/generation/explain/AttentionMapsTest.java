package dev.llmsuite.generation.explain;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explainer without the framework: which maps it returns, and its limits, on the real stories260K model. */
class AttentionMapsTest {

    @AutoClose
    private static final LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"));

    private static final String PROMPT = "The cat sat on the mat.";

    private static int tokens() {
        return model.encodePrompt(PROMPT, model.addsBos()).length;
    }

    @Test
    void oneLayerOneHeadOrBoth() {
        AttentionMaps maps = new AttentionMaps(64, 1_000_000);
        assertEquals(5 * 8, maps.explain("m", model, PROMPT, null, null).attention().size());
        assertEquals(8, maps.explain("m", model, PROMPT, 3, null).attention().stream().filter(m -> m.layer() == 3).count());
        var heads = maps.explain("m", model, PROMPT, null, 6).attention();
        assertEquals(5, heads.size());
        assertTrue(heads.stream().allMatch(m -> m.head() == 6));
        var one = maps.explain("m", model, PROMPT, 4, 1).attention();
        assertEquals(1, one.size());
        assertEquals(tokens(), one.getFirst().weights().length);
    }

    @Test
    void theLimitsAreExactAndCheckedBeforeThePassRuns() {
        int n = tokens();
        assertEquals(1, new AttentionMaps(n, (long) n * n).explain("m", model, PROMPT, 0, 0).attention().size());
        OpenAiException tooLong = assertThrows(OpenAiException.class,
                () -> new AttentionMaps(n - 1, 1_000_000).explain("m", model, PROMPT, 0, 0));
        assertEquals("explain_limit_exceeded", tooLong.code());
        assertEquals("prompt", tooLong.param());
        OpenAiException tooMany = assertThrows(OpenAiException.class,
                () -> new AttentionMaps(n, (long) n * n - 1).explain("m", model, PROMPT, 0, 0));
        assertEquals(400, tooMany.status());
        assertEquals("explain_limit_exceeded", tooMany.code());
        OpenAiException huge = assertThrows(OpenAiException.class,
                () -> new AttentionMaps(4, 1_000_000).explain("m", model, "x".repeat(10_000), null, null));
        assertEquals("prompt", huge.param());
    }
}
