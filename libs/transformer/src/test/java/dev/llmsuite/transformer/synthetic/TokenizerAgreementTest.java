package dev.llmsuite.transformer.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.gguf.BpeSplitting;
import dev.llmsuite.tokenizer.gguf.GgufTokenizer;
import dev.llmsuite.tokenizer.gguf.GgufVocabulary;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.llamacpp.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our GGUF tokenizers against a current llama.cpp's (2026-09, through FFM), id for id, for the
 * vocabulary families people download: byte-level BPE with the pre-tokenizers of Llama 3 and
 * SmolLM3 ({@code llama-bpe}), Qwen2/2.5/3 ({@code qwen2}), SmolLM/SmolLM2 ({@code smollm}) and
 * GPT-2, and SentencePiece as Llama 2, Gemma and Phi-3 use it. Each vocabulary goes into a GGUF
 * file that both read; the texts are passages of the five corpora plus digits, whitespace runs,
 * contractions, emoji and special-token text, tokenized as plain text, as trusted text (control
 * tokens recognised) and with BOS/EOS as each vocabulary asks.
 */
class TokenizerAgreementTest {

    private static final String[] CORPORA = {"en.txt", "de.txt", "ru.txt", "zh.txt", "code.txt"};

    /** Texts at the edges of the split patterns and of special-token handling. */
    private static final List<String> CRAFTED = List.of(
            "1234567 89 3.14159 1,000,000 ½ ²³ ٣٤٥ 一二三 12abc34",
            "a   b\t\t c\n\n\n  d   \r\n e\u00a0f\u2003g \u3000h  ",
            "I'm you'll they'RE I'D it's can't won't 'tis O'Neil ſ'S '",
            "😀👍🏽 family 👨‍👩‍👧 flags 🇩🇪🇯🇵 ok",
            "naïve café Ωμέγα Ελληνικά עברית العربية हिन्दी ไทย 한국어 日本語テキスト",
            "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>",
            "<think>\nreasoning\n</think>\n\nanswer <think>x</think>",
            "<start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\n",
            "<|user|>\n  hello <|end|>\n<|assistant|>\n \n ok<|endoftext|>",
            "<s>[INST] text </s> <unk> <|im_end <|im_end|>> <<|eot_id|>|>",
            " antidisestablishmentarianism antidisestablishmentarianisms",
            "    def f(x):\n        return x ** 2  # comment\n\n\n",
            "");

    @TempDir
    Path folder;

    static Stream<TestVocabularies> vocabularies() throws Exception {
        return Stream.of(TestVocabularies.byteLevel("llama-bpe"), TestVocabularies.byteLevel("qwen2"),
                TestVocabularies.byteLevel("smollm"), TestVocabularies.byteLevel("gpt-2"),
                TestVocabularies.llama2(), TestVocabularies.gemmaLike(), TestVocabularies.phi3Like());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void idsEqualLlamaCpp(TestVocabularies vocabulary) throws Exception {
        Path file = write(vocabulary);
        try (LanguageModel ours = LanguageModel.load(file); LlamaModel llamaCpp = LlamaModel.load(file)) {
            GgufTokenizer tokenizer = (GgufTokenizer) ours.tokenizer();
            Vocabulary reference = llamaCpp.vocabulary();
            assertEquals(reference.bos(), tokenizer.bos(), "BOS");
            assertEquals(reference.eos(), tokenizer.eos(), "EOS");
            assertEquals(reference.addsBos(), tokenizer.addsBos(), "add_bos");
            for (String text : samples()) {
                String what = vocabulary.name() + ": " + text;
                assertArrayEquals(reference.tokenize(text, false, false), tokenizer.encode(text), "plain " + what);
                assertArrayEquals(reference.tokenize(text, false, true), tokenizer.encode(text, false, true), "trusted " + what);
                assertArrayEquals(reference.tokenize(text, true, false), tokenizer.encode(text, true, false), "with BOS " + what);
            }
        }
    }

    /** User text cannot produce a control token, while the same text from a trusted template does. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void controlTokensComeOnlyFromTrustedText(TestVocabularies vocabulary) throws Exception {
        Path file = write(vocabulary);
        try (LanguageModel ours = LanguageModel.load(file)) {
            GgufTokenizer tokenizer = (GgufTokenizer) ours.tokenizer();
            for (String control : tokenizer.controlTexts()) {
                String text = "say " + control + " now";
                assertTrue(IntStream.of(tokenizer.encode(text)).noneMatch(tokenizer::isControl), vocabulary.name() + ": " + text);
                assertTrue(IntStream.of(tokenizer.encode(text, false, true)).anyMatch(tokenizer::isControl), vocabulary.name() + ": " + text);
            }
        }
    }

    @Test
    void gpt2ByteLevelBpeEqualsTiktoken() throws Exception {
        ByteLevelVocabulary r50k = R50kPrefix.load(50_256);
        var ours = GgufTokenizer.of(new GgufVocabulary("gpt2", "gpt-2", "r50k", r50k.tokens(), null, r50k.types(), r50k.merges(),
                r50k.endOfText(), r50k.endOfText(), null, null, null, false, false, null));
        Encoding reference = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        for (String text : samples()) {
            assertArrayEquals(reference.encodeOrdinary(text).toArray(), ours.encode(text), text);
        }
        // GPT-2's own split pattern, as tiktoken has it.
        assertTrue(BpeSplitting.forName("gpt-2").patterns().getFirst().pattern().startsWith("'s|'t|"));
    }

    /** A tiny model around the vocabulary, which both tokenizers read from the file. */
    private Path write(TestVocabularies vocabulary) throws Exception {
        Path file = folder.resolve(vocabulary.name() + ".gguf");
        SyntheticModel.writeLlama(file, new SyntheticModel.Shape(32, 32, 1, 1, 1, 64), TensorType.Q8_0, vocabulary.name(),
                vocabulary.size(), vocabulary.keys(), 1);
        return file;
    }

    /** A few hundred short passages from each corpus, cut at line starts, and the crafted texts. */
    private static List<String> samples() throws Exception {
        List<String> samples = new ArrayList<>(CRAFTED);
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
