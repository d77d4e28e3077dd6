package dev.llmsuite.transformer.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.GgmlType;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.model.Greedy;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models written by our GGUF writer, run by our engine and by the current llama.cpp (the 3.22.1
 * build, {@code libs/llama-cpp}): the prompt's tokens (BOS as the model asks) and the 64 greedy
 * tokens after it must be identical, for every architecture and every storage type of 32-value
 * blocks (the K-quants, whose rows need 256-value multiples, are in {@code KQuantModelsAgreementTest}). The seeds are fixtures whose
 * continuations contain no float-precision ties between the two best tokens and do not change with
 * the grouping of attention's float operations (both checked below): a tie, or an activation
 * within rounding of a quantization level, is decided by rounding noise, differently by any two
 * correct implementations.
 */
class SyntheticModelsAgreementTest {

    private static final String[] PROMPTS = {"Once upon a time", "The quick brown fox jumps", "Hello, world! 1234"};
    private static final int TOKENS = 64;
    /**
     * Another KV block size: the same math, its float operations grouped otherwise. A continuation
     * that changes with it sits within rounding of a tie, or of an activation's 8-bit quantization
     * level (one level more moves the logits by far more than rounding does), where any two correct
     * implementations may part; such a fixture compares nothing.
     */
    private static final int REGROUPED_BLOCK_SIZE = 16;

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(value = TensorType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void llamaAgreesWithLlamaCpp(TensorType type) throws Exception {
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        Path file = folder.resolve("llama-" + type + ".gguf");
        SyntheticModel.writeLlama(file, new SyntheticModel.Shape(64, 192, 2, 4, 2, 256), type, vocabulary, 42);
        assertSameGreedyText(file);
    }

    @ParameterizedTest
    @EnumSource(value = TensorType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void gpt2AgreesWithLlamaCpp(TensorType type) throws Exception {
        Path file = folder.resolve("gpt2-" + type + ".gguf");
        SyntheticModel.writeGpt2(file, new SyntheticModel.Shape(64, 256, 2, 4, 4, 256), type, R50kPrefix.load(2000), 11);
        assertSameGreedyText(file);
    }

    /**
     * With half-precision caches on both sides (llama.cpp's default cache type; flash attention
     * still off), the greedy continuations of float32 models agree too: both round every cached
     * key and value to the nearest half float. On this path llama.cpp also rounds each query and
     * each row of probabilities to half precision, which we do not; with Q8_0 weights the
     * activations' 8-bit rounding amplifies that difference until a continuation parts (the llama
     * fixture at its fifth token), so the comparison is made where the cache is what differs.
     */
    @Test
    void halfPrecisionCachesAgree() throws Exception {
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        Path llama = folder.resolve("llama-F32.gguf");
        SyntheticModel.writeLlama(llama, new SyntheticModel.Shape(64, 192, 2, 4, 2, 256), TensorType.F32, vocabulary, 42);
        assertSameGreedyText(llama, KvCacheType.F16);
        Path gpt2 = folder.resolve("gpt2-F32.gguf");
        SyntheticModel.writeGpt2(gpt2, new SyntheticModel.Shape(64, 256, 2, 4, 4, 256), TensorType.F32, R50kPrefix.load(2000), 11);
        assertSameGreedyText(gpt2, KvCacheType.F16);
    }

    static Stream<Arguments> architecturesAndTypes() {
        return ArchitectureFixture.all().stream().flatMap(fixture -> fixture.types().stream().map(type -> Arguments.of(fixture, type)));
    }

    /** Each architecture with its distinguishing features (see {@link ArchitectureFixture}). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("architecturesAndTypes")
    void architectureAgreesWithLlamaCpp(ArchitectureFixture fixture, QuantizationPreset type) throws Exception {
        Path file = folder.resolve(fixture.name() + "-" + type.name() + ".gguf");
        fixture.write(file, type);
        assertSameGreedyText(file);
    }

    static void assertSameGreedyText(Path file) {
        assertSameGreedyText(file, KvCacheType.F32);
    }

    static void assertSameGreedyText(Path file, KvCacheType cacheType) {
        GgmlType referenceCache = cacheType == KvCacheType.F16 ? GgmlType.F16 : GgmlType.F32;
        try (LanguageModel ours = LanguageModel.load(file); LlamaModel llamaCpp = LlamaModel.load(file);
             LlamaContext reference = llamaCpp.newContext(ContextOptions.exact(256, 2).withKvCacheType(referenceCache))) {
            for (String prompt : PROMPTS) {
                int[] promptIds = ours.encodePrompt(prompt, ours.addsBos());
                assertArrayEquals(llamaCpp.vocabulary().tokenize(prompt, true, false), promptIds, "tokenization of " + prompt);
                Greedy.Run run = Greedy.run(ours, prompt, TOKENS, cacheType);
                assertTrue(run.smallestMargin() > 1e-4f, "fixture problem: a step of '" + prompt + "' is a float-precision tie ("
                        + run.smallestMargin() + "); choose another seed");
                assertArrayEquals(run.tokens(), Greedy.run(ours, prompt, TOKENS, cacheType, REGROUPED_BLOCK_SIZE).tokens(),
                        "fixture problem: the continuation of '" + prompt + "' changes when attention groups its float operations in blocks of "
                                + REGROUPED_BLOCK_SIZE + " positions; choose another seed");
                assertArrayEquals(dev.llmsuite.llamacpp.Greedy.generate(reference, promptIds, TOKENS).tokens(), run.tokens(),
                        "continuation of " + prompt);
            }
        }
    }
}
