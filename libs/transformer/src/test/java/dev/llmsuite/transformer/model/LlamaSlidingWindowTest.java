package dev.llmsuite.transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.synthetic.SyntheticModel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Llama file that sets {@code llama.attention.sliding_window} (Mistral-style) gets the window
 * in every layer. llama.cpp ignores the key for this architecture, so there is no reference run;
 * the window kernel itself is checked against naive attention and, through Gemma, against
 * llama.cpp. Here: the same weights with and without a window of 4 compute the same logits while
 * every position still fits the window, and different ones once the first position falls out.
 */
class LlamaSlidingWindowTest {

    private static final int WINDOW = 4;

    @TempDir
    Path folder;

    @Test
    void positionsOutsideTheWindowStopMattering() throws Exception {
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("tok512.bin"), 512));
        ModelConfig plain = ModelConfig.of("llama", 64, 128, 2, 4, 2, 512, 64);
        Path unwindowed = folder.resolve("plain.gguf");
        Path windowed = folder.resolve("windowed.gguf");
        new SyntheticModel(plain, TensorType.F32, 5).write(unwindowed, vocabulary);
        new SyntheticModel(plain.withWindow(SlidingWindow.periodic(WINDOW, 0, 2)), TensorType.F32, 5).write(windowed, vocabulary);

        try (LanguageModel a = LanguageModel.load(unwindowed); LanguageModel b = LanguageModel.load(windowed);
             Session full = a.newSession(); Session sliding = b.newSession()) {
            assertEquals(WINDOW, readWindow(windowed));
            int[] tokens = {1, 100, 200, 300, 400, 50, 60, 70};
            for (int position = 0; position < tokens.length; position++) {
                float[] expected = full.next(tokens[position]);
                float[] actual = sliding.next(tokens[position]);
                if (position < WINDOW) {
                    assertArrayEquals(expected, actual, "position " + position + " sees everything either way");
                } else {
                    assertFalse(Arrays.equals(expected, actual), "position " + position + " no longer sees position " + (position - WINDOW));
                }
            }
        }
    }

    private static int readWindow(Path file) throws Exception {
        try (GgufFile gguf = GgufFile.open(file)) {
            return ModelConfig.read(gguf, 512).window().sizeFor(1);
        }
    }
}
