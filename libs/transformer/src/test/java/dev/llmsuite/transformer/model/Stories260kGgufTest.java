package dev.llmsuite.transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.ModelInfo;
import dev.llmsuite.transformer.reference.LlamaCpp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** stories260K.gguf, the real trained model, against llama.cpp running the same file. */
class Stories260kGgufTest {

    private static LanguageModel ours;
    private static LlamaCpp llamaCpp;

    @BeforeAll
    static void load() {
        Path file = SharedData.model("stories260K.gguf");
        ours = LanguageModel.load(file);
        llamaCpp = new LlamaCpp(file, 512);
    }

    @AfterAll
    static void close() {
        ours.close();
        llamaCpp.close();
    }

    @Test
    void greedyContinuationEqualsLlamaCpp() {
        String prompt = "Once upon a time";
        assertEquals(llamaCpp.greedy(prompt, 100), Greedy.text(ours, prompt, 100));
    }

    @Test
    void tokenizationEqualsLlamaCpp() {
        for (String text : new String[] {"Once upon a time", "The cat sat on the mat.", "  two  spaces", "Lily's mom said, \"No!\"",
                "numbers 12345 and ünïcödé 日本", "tab\tand\nnewline"}) {
            assertArrayEquals(llamaCpp.tokenize(text), ours.tokenizer().encode(text), text);
        }
    }

    @Test
    void infoDescribesTheModel() {
        ModelInfo info = ours.info();
        assertEquals("llama", info.architecture());
        assertEquals(5, info.layers());
        assertEquals(8, info.heads());
        assertEquals(4, info.kvHeads());
        assertEquals(512, info.vocabularySize());
        assertEquals(2L * 5 * 4 * 8 * 4, info.kvCacheBytesPerToken());
        assertEquals(Map.of("F32", info.tensorTypes().get("F32")), info.tensorTypes());
    }
}
