package dev.llmsuite.transformer.synthetic;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.RopeScaling;
import dev.llmsuite.transformer.model.ModelConfig;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.model.SlidingWindow;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One synthetic model per architecture with the features that set it apart switched on, small
 * enough to run in a second: Llama 3.1's rotary factors, Qwen2's biases under YaRN, Qwen3's
 * wider heads and head norms, Gemma's windows, soft-caps and split rotary bases, Phi-3's fused
 * matrices under LongRoPE, SmolLM3's position-free layers. Each is written 64 wide in the types of
 * 32-value blocks, and 256 wide (rows of whole K-quant super-blocks) in the presets people download
 * (Q4_K_M, Q6_K). Then the same at published widths (one or two layers, a small vocabulary):
 * Llama 3.2 1B, Qwen2.5 0.5B, Qwen3 0.6B, Gemma 3 1B.
 *
 * <p>Windows of 8 positions and prompts of 5 to 10 tokens followed by 64 generated ones make the
 * windows matter. The seeds are fixtures whose continuations have no float-precision ties and, with
 * quantized activations, no value within rounding of a quantization boundary (see
 * {@code KQuantModelsAgreementTest}).
 *
 * @param types the storage types (or presets) the fixture is written in
 */
record ArchitectureFixture(String name, long seed, List<QuantizationPreset> types, Writer writer) {

    interface Writer {
        void write(Path out, QuantizationPreset type, long seed) throws IOException;
    }

    @Override
    public String toString() {
        return name;
    }

    void write(Path out, QuantizationPreset type) throws IOException {
        writer.write(out, type, seed);
    }

    /** The types of 32-value blocks. */
    private static final List<QuantizationPreset> BLOCK_TYPES = Stream.of(TensorType.F32, TensorType.F16, TensorType.BF16,
            TensorType.Q8_0, TensorType.Q4_0).map(QuantizationPreset::pure).toList();
    private static final List<QuantizationPreset> K_QUANTS = List.of(QuantizationPreset.Q4_K_M, QuantizationPreset.Q6_K);
    private static final List<QuantizationPreset> HALF = List.of(QuantizationPreset.pure(TensorType.F16));

    /** Every fixture: the architectures 64 wide in every block type and 256 wide in K-quants, then published widths. */
    static List<ArchitectureFixture> all() {
        List<ArchitectureFixture> all = new ArrayList<>();
        all.addAll(architectures(64, BLOCK_TYPES, new long[] {3, 3, 5, 2, 5, 4, 3}));
        all.addAll(architectures(256, K_QUANTS, new long[] {1, 1, 12, 16, 26, 6, 92}));
        all.addAll(publishedWidths());
        return all;
    }

    /** The seven architectures {@code width} wide (4 query heads, of width / 2 where the architecture sets its own head size), one seed each. */
    private static List<ArchitectureFixture> architectures(int width, List<QuantizationPreset> types, long[] seeds) {
        int head = width / 2;
        String suffix = width == 64 ? "" : "-" + width;
        return List.of(
                new ArchitectureFixture("llama-3.1" + suffix, seeds[0], types, (out, type, seed) ->
                        new SyntheticModel(small("llama", width, byteLevel().tokens().length), type, seed)
                                .withLlama3Scaling(new Llama3RopeScaling(8f, 1f, 4f, 512))
                                .write(out, byteLevel(), "llama-bpe")),
                new ArchitectureFixture("qwen2-yarn" + suffix, seeds[1], types, (out, type, seed) -> {
                    ModelConfig c = small("qwen2", width, byteLevel().tokens().length).withNormEps(1e-6f);
                    c = c.withRope(c.rope().withScaling(new RopeScaling(RopeScaling.Type.YARN, 4f, 64, 1f)));
                    new SyntheticModel(c, type, seed).write(out, byteLevel(), "gpt-2");
                }),
                new ArchitectureFixture("qwen3" + suffix, seeds[2], types, (out, type, seed) ->
                        new SyntheticModel(small("qwen3", width, byteLevel().tokens().length).withHeadSize(head).withNormEps(1e-6f), type, seed)
                                .write(out, byteLevel(), "gpt-2")),
                new ArchitectureFixture("gemma2" + suffix, seeds[3], types, (out, type, seed) ->
                        new SyntheticModel(small("gemma2", width, sentencePiece().pieces().length).withHeadSize(head).withNormEps(1e-6f)
                                .withWindow(SlidingWindow.periodic(8, 2, 2)).withSoftCaps(5f, 10f), type, seed)
                                .write(out, sentencePiece())),
                new ArchitectureFixture("gemma3" + suffix, seeds[4], types, (out, type, seed) -> {
                    ModelConfig c = small("gemma3", width, sentencePiece().pieces().length).withHeadSize(head).withNormEps(1e-6f)
                            .withWindow(SlidingWindow.periodic(8, 2, 2));
                    c = c.withRope(c.rope().withBase(1_000_000f, 10_000f).withScaling(new RopeScaling(RopeScaling.Type.LINEAR, 2f, 256, 1f)));
                    new SyntheticModel(c, type, seed).withTiedEmbeddings().write(out, sentencePiece());
                }),
                new ArchitectureFixture("phi3-longrope" + suffix, seeds[5], types, (out, type, seed) -> {
                    ModelConfig c = ModelConfig.of("phi3", width, 3 * width, 2, 4, 4, sentencePiece().pieces().length, 256);
                    c = c.withRope(c.rope().withScaling(new RopeScaling(RopeScaling.Type.LONGROPE, 0f, 128, 1.19f)));
                    new SyntheticModel(c, type, seed).write(out, sentencePiece());
                }),
                // Four layers for the position-free fourth; in K-quants the feed-forward is only as wide as the model, so
                // that fewer quantized activations can land within rounding of a level boundary.
                new ArchitectureFixture("smollm3" + suffix, seeds[6], types, (out, type, seed) ->
                        new SyntheticModel(ModelConfig.of("smollm3", width, width == 64 ? 3 * width : width, 4, 4, 2, byteLevel().tokens().length, 256),
                                type, seed)
                                .write(out, byteLevel(), "llama-bpe")));
    }

    /** Published-width models are large in float32; they run in half precision. */
    private static List<ArchitectureFixture> publishedWidths() {
        return List.of(
                new ArchitectureFixture("llama-3.2-1b-widths", 2, HALF, (out, type, seed) -> {
                    ModelConfig c = ModelConfig.of("llama", 2048, 8192, 1, 32, 8, byteLevel().tokens().length, 256);
                    new SyntheticModel(c.withRope(c.rope().withBase(500_000f, 500_000f)), type, seed)
                            .withLlama3Scaling(Llama3RopeScaling.LLAMA_3_1).withTiedEmbeddings()
                            .write(out, byteLevel(), "llama-bpe");
                }),
                new ArchitectureFixture("qwen2.5-0.5b-widths", 2, HALF, (out, type, seed) -> {
                    ModelConfig c = ModelConfig.of("qwen2", 896, 4864, 1, 14, 2, byteLevel().tokens().length, 256).withNormEps(1e-6f);
                    new SyntheticModel(c.withRope(c.rope().withBase(1_000_000f, 1_000_000f)), type, seed).withTiedEmbeddings()
                            .write(out, byteLevel(), "gpt-2");
                }),
                new ArchitectureFixture("qwen3-0.6b-widths", 6, HALF, (out, type, seed) -> {
                    ModelConfig c = ModelConfig.of("qwen3", 1024, 3072, 1, 16, 8, byteLevel().tokens().length, 256)
                            .withHeadSize(128).withNormEps(1e-6f);
                    new SyntheticModel(c.withRope(c.rope().withBase(1_000_000f, 1_000_000f)), type, seed).withTiedEmbeddings()
                            .write(out, byteLevel(), "gpt-2");
                }),
                // Untied: a tied classifier 1,152 wide spreads the logits of random weights too little to stay clear of ties.
                new ArchitectureFixture("gemma3-1b-widths", 1, HALF, (out, type, seed) -> {
                    ModelConfig c = ModelConfig.of("gemma3", 1152, 6912, 2, 4, 1, byteLevel().tokens().length, 256)
                            .withHeadSize(256).withNormEps(1e-6f).withWindow(SlidingWindow.periodic(8, 6, 2));
                    new SyntheticModel(c.withRope(c.rope().withBase(1_000_000f, 10_000f)), type, seed).write(out, byteLevel(), "gpt-2");
                }));
    }

    /** {@code width} wide, 2 layers, 4 query heads sharing 2 key/value heads, a feed-forward 3x as wide, 256 positions. */
    private static ModelConfig small(String architecture, int width, int vocabularySize) {
        return ModelConfig.of(architecture, width, 3 * width, 2, 4, 2, vocabularySize, 256);
    }

    private static SentencePieceVocabulary sentencePiece;
    private static ByteLevelVocabulary byteLevel;

    /** Llama 2's 32,000 SentencePiece tokens (Gemma's and Phi-3's vocabularies are of this kind). */
    private static synchronized SentencePieceVocabulary sentencePiece() {
        if (sentencePiece == null) {
            try {
                sentencePiece = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sentencePiece;
    }

    /** GPT-2's first 2,000 tokens, split by whichever pre-tokenizer the fixture names. */
    private static synchronized ByteLevelVocabulary byteLevel() {
        if (byteLevel == null) {
            try {
                byteLevel = R50kPrefix.load(2000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byteLevel;
    }
}
