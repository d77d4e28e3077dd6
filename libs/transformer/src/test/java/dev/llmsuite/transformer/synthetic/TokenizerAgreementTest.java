package dev.llmsuite.transformer.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.bytelevel.ByteLevelBpeTokenizer;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.reference.LlamaCpp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tokenizers our models use, on real text in five scripts: SentencePiece with the Llama 2
 * vocabulary against llama.cpp's tokenizer, and byte-level BPE with GPT-2's full vocabulary
 * (merges recovered from r50k_base) against jtokkit's r50k_base.
 */
class TokenizerAgreementTest {

    private static final String[] CORPORA = {"en.txt", "de.txt", "ru.txt", "zh.txt", "code.txt"};

    @TempDir
    Path folder;

    @Test
    void llama2SentencePieceEqualsLlamaCpp() throws Exception {
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        Path file = folder.resolve("llama2-vocab.gguf");
        SyntheticModel.writeLlama(file, new SyntheticModel.Shape(32, 32, 1, 1, 1, 64), TensorType.Q8_0, vocabulary, 1);
        try (LanguageModel ours = LanguageModel.load(file); LlamaCpp llamaCpp = new LlamaCpp(file, 64)) {
            for (String text : samples()) {
                assertArrayEquals(llamaCpp.tokenize(text), ours.tokenizer().encode(text), text);
            }
        }
    }

    /** Byte-level vocabularies in Llama-architecture files (Llama 3, SmolLM2) name their split pattern. */
    @ParameterizedTest
    @ValueSource(strings = {"gpt-2", "llama-bpe", "smollm"})
    void byteLevelSplitPatternsEqualLlamaCpp(String preTokenizer) throws Exception {
        Path file = folder.resolve("bpe-" + preTokenizer + ".gguf");
        SyntheticModel.writeLlama(file, new SyntheticModel.Shape(32, 32, 1, 1, 1, 64), TensorType.Q8_0, R50kPrefix.load(50_256), preTokenizer, 1);
        try (LanguageModel ours = LanguageModel.load(file); LlamaCpp llamaCpp = new LlamaCpp(file, 64)) {
            for (String text : samples()) {
                assertArrayEquals(llamaCpp.tokenize(text), ours.tokenizer().encode(text), preTokenizer + ": " + text);
            }
        }
    }

    @Test
    void gpt2ByteLevelBpeEqualsTiktoken() throws Exception {
        ByteLevelVocabulary r50k = R50kPrefix.load(50_256);
        boolean[] control = new boolean[r50k.tokens().length];
        control[r50k.endOfText()] = true;
        var ours = new ByteLevelBpeTokenizer("r50k", r50k.tokens(), control, r50k.merges());
        Encoding reference = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        for (String text : samples()) {
            assertArrayEquals(reference.encodeOrdinary(text).toArray(), ours.encode(text), text);
        }
    }

    /** A few hundred short passages from each corpus, cut at line starts. */
    private static List<String> samples() throws Exception {
        List<String> samples = new ArrayList<>();
        for (String corpus : CORPORA) {
            String text = Files.readString(SharedData.corpus(corpus));
            for (int start = 0, n = 0; n < 200 && start < text.length(); n++, start += text.length() / 200) {
                int from = text.lastIndexOf('\n', start) + 1;
                samples.add(text.substring(from, Math.min(text.length(), from + 300)));
            }
        }
        return samples;
    }
}
