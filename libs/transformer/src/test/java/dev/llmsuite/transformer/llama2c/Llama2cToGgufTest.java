package dev.llmsuite.transformer.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.model.Greedy;
import dev.llmsuite.transformer.reference.LlamaCpp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converted checkpoint still prints run.c's text, and llama.cpp reads it as we do. */
class Llama2cToGgufTest {

    @TempDir
    Path folder;

    @Test
    void convertedStories260kKeepsItsOutputs() throws Exception {
        Path gguf = folder.resolve("stories260K-converted.gguf");
        Llama2cToGguf.convert(SharedData.model("stories260K.bin"), SharedData.model("tok512.bin"), gguf);
        String expected = Files.readString(SharedData.model("stories260K.greedy200.txt"));
        try (LanguageModel converted = LanguageModel.load(gguf); LlamaCpp llamaCpp = new LlamaCpp(gguf, 512)) {
            assertEquals(expected, Llama2cRun.greedy(converted, "", 200));
            assertEquals(llamaCpp.greedy("The cat", 60), Greedy.text(converted, "The cat", 60));
        }
    }
}
