package dev.llmsuite.transformer.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Our engine against llama2.c's own expected output for its smallest trained model. */
class Llama2cGreedyTest {

    @Test
    void stories260kPrintsWhatRunCPrints() throws Exception {
        String expected = Files.readString(SharedData.model("stories260K.greedy200.txt"));
        try (LanguageModel model = LanguageModel.load(SharedData.model("stories260K.bin"), SharedData.model("tok512.bin"))) {
            assertEquals(expected, Llama2cRun.greedy(model, "", 200));
        }
    }
}
