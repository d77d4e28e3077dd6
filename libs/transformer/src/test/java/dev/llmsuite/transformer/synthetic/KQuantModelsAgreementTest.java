package dev.llmsuite.transformer.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.FileType;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.llamacpp.LlamaQuantizer;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.model.Greedy;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * K-quant models against a current llama.cpp (libs/llama-cpp). A float32 model is quantized by
 * {@code llama_model_quantize} with each K-quant preset (and each K type pure); our writer, given
 * the same preset, must produce the same type for every tensor and the same bytes. Then our engine
 * and llama.cpp run the model: 64 greedy tokens on three prompts must be the same.
 *
 * <p>The seeds are fixtures. Activations are quantized before every product, so a value that falls
 * within float rounding of a quantization boundary becomes different integers in two correct
 * implementations (their floats differ in the last bits), and from then on the two runs differ by
 * far more than rounding; a seed is a model whose 64 steps on these prompts meet no such value
 * and no near tie (checked below). The preset rules that depend on depth (the first sixteenth,
 * the "more bits" layers) are checked on a 16-layer model, for types and bytes only.
 */
class KQuantModelsAgreementTest {

    private static final String[] PROMPTS = {"Once upon a time", "The quick brown fox jumps", "Hello, world! 1234"};
    private static final int TOKENS = 64;
    /** Rows of 256 values, two layers (Q4_K_M promotes the second), 4:1 grouped-query attention (Q2_K's attn_v rule). */
    private static final SyntheticModel.Shape SHAPE = new SyntheticModel.Shape(256, 256, 2, 4, 1, 256);
    private static final SyntheticModel.Shape DEEP = new SyntheticModel.Shape(256, 256, 16, 4, 1, 256);

    @TempDir
    static Path folder;

    private static ByteLevelVocabulary vocabulary;

    @BeforeAll
    static void loadVocabulary() throws Exception {
        vocabulary = R50kPrefix.load(2000);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(QuantizationPreset.Q2_K, FileType.MOSTLY_Q2_K, false, 1),
                Arguments.of(QuantizationPreset.Q3_K_M, FileType.MOSTLY_Q3_K_M, false, 4),
                Arguments.of(QuantizationPreset.Q4_K_M, FileType.MOSTLY_Q4_K_M, false, 1),
                Arguments.of(QuantizationPreset.Q5_K_M, FileType.MOSTLY_Q5_K_M, false, 3),
                Arguments.of(QuantizationPreset.Q6_K, FileType.MOSTLY_Q6_K, false, 2),
                Arguments.of(QuantizationPreset.pure(TensorType.Q2_K), FileType.MOSTLY_Q2_K, true, 1),
                Arguments.of(QuantizationPreset.pure(TensorType.Q3_K), FileType.MOSTLY_Q3_K_M, true, 1),
                Arguments.of(QuantizationPreset.pure(TensorType.Q4_K), FileType.MOSTLY_Q4_K_M, true, 1),
                Arguments.of(QuantizationPreset.pure(TensorType.Q5_K), FileType.MOSTLY_Q5_K_M, true, 2),
                Arguments.of(QuantizationPreset.pure(TensorType.Q6_K), FileType.MOSTLY_Q6_K, true, 2));
    }

    @ParameterizedTest(name = "{0} (pure: {2})")
    @MethodSource("models")
    void sameBytesAsLlamaCppsQuantizerAndSameGreedyTokens(QuantizationPreset preset, FileType fileType, boolean pure, long seed)
            throws Exception {
        Path ours = quantizeBothWays(SHAPE, preset, fileType, pure, seed);
        assertSameGreedyTokens(ours);
    }

    static Stream<Arguments> mixes() {
        return models().filter(arguments -> !(boolean) arguments.get()[2]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixes")
    void presetsGiveEveryLayerLlamaCppsType(QuantizationPreset preset, FileType fileType, boolean pure, long seed) throws Exception {
        quantizeBothWays(DEEP, preset, fileType, false, seed);
    }

    /** Writes the model in float32, has llama.cpp quantize it, writes it ourselves with the preset; returns ours after comparing. */
    private static Path quantizeBothWays(SyntheticModel.Shape shape, QuantizationPreset preset, FileType fileType, boolean pure, long seed)
            throws Exception {
        String name = preset + (pure ? "-pure-" : "-") + shape.layers() + "-" + seed;
        Path floats = folder.resolve(name + "-f32.gguf");
        SyntheticModel.writeLlama(floats, shape, TensorType.F32, vocabulary, "llama-bpe", seed);
        Path theirs = folder.resolve(name + "-llama.gguf");
        LlamaQuantizer.Options options = LlamaQuantizer.Options.of(fileType);
        LlamaQuantizer.quantize(floats, theirs, pure ? options.purely() : options);
        Path ours = folder.resolve(name + "-ours.gguf");
        SyntheticModel.writeLlama(ours, shape, preset, vocabulary, "llama-bpe", seed);
        assertSameTensors(theirs, ours);
        Files.delete(floats);
        Files.delete(theirs);
        return ours;
    }

    private static void assertSameTensors(Path theirs, Path ours) throws Exception {
        try (GgufFile expected = GgufFile.open(theirs); GgufFile actual = GgufFile.open(ours)) {
            for (GgufTensor tensor : expected.tensors().values()) {
                GgufTensor mine = actual.tensor(tensor.name());
                assertEquals(tensor.type(), mine.type(), tensor.name() + "'s type");
                assertArrayEquals(tensor.data().toArray(ValueLayout.JAVA_BYTE), mine.data().toArray(ValueLayout.JAVA_BYTE),
                        tensor.name() + "'s bytes");
            }
            assertEquals(expected.tensors().size(), actual.tensors().size());
        }
    }

    private static void assertSameGreedyTokens(Path file) {
        try (LanguageModel ours = LanguageModel.load(file); LlamaModel reference = LlamaModel.load(file);
             LlamaContext context = reference.newContext(ContextOptions.exact(256, 2))) {
            for (String prompt : PROMPTS) {
                assertArrayEquals(reference.vocabulary().tokenize(prompt, false, false), ours.encodePrompt(prompt, false),
                        "tokenization of " + prompt);
                Greedy.Run run = Greedy.run(ours, prompt, TOKENS);
                assertTrue(run.smallestMargin() > 1e-4f, "fixture problem: a step of '" + prompt + "' is a float-precision tie ("
                        + run.smallestMargin() + "); choose another seed");
                assertArrayEquals(dev.llmsuite.llamacpp.Greedy.generate(context, prompt, TOKENS).tokens(), run.tokens(),
                        "continuation of " + prompt);
            }
        }
    }
}
