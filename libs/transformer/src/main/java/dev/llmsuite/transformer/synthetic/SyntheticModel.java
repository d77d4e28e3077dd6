package dev.llmsuite.transformer.synthetic;

import dev.llmsuite.transformer.gguf.GgufWriter;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.RopeScaling;
import dev.llmsuite.transformer.model.GgufHeader;
import dev.llmsuite.transformer.model.ModelConfig;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.tensor.Quantization;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes GGUF models of any supported architecture and shape with seeded random weights and a
 * real vocabulary, under the tensor names and metadata llama.cpp's converter uses, so that our
 * engine and llama.cpp run the very same file. Matrices are drawn with standard deviation
 * 1/sqrt(inputs), which keeps activations near unit scale through every layer, so greedy decoding
 * wanders through the vocabulary instead of collapsing onto one token.
 *
 * <p>Every matrix is stored in the requested type, or in the type a llama.cpp preset such as
 * Q4_K_M gives it ({@link QuantizationPreset}); norm weights, biases and rotary factors stay
 * float32, as in published quantized models.
 */
public final class SyntheticModel {

    /** A model's dimensions; {@code kvHeads < heads} gives grouped-query attention. */
    public record Shape(int dim, int hiddenDim, int layers, int heads, int kvHeads, int contextLength) {

        public ModelConfig config(String architecture, int vocabularySize) {
            return ModelConfig.of(architecture, dim, hiddenDim, layers, heads, kvHeads, vocabularySize, contextLength);
        }
    }

    private final ModelConfig config;
    private final QuantizationPreset preset;
    private final long seed;
    private final GgufWriter gguf = new GgufWriter();
    private Llama3RopeScaling llama3Scaling;
    private boolean tiedEmbeddings;

    /** A model of {@code config}'s architecture and shape, its matrices in {@code type}. */
    public SyntheticModel(ModelConfig config, TensorType type, long seed) {
        this(config, QuantizationPreset.pure(type), seed);
    }

    /** A model of {@code config}'s architecture and shape, each matrix in the type {@code preset} gives it. */
    public SyntheticModel(ModelConfig config, QuantizationPreset preset, long seed) {
        this.config = config;
        this.preset = preset;
        this.seed = seed;
    }

    /** Llama 3.1's stretched rotary frequencies, stored as the {@code rope_freqs} tensor (Llama only). */
    public SyntheticModel withLlama3Scaling(Llama3RopeScaling scaling) {
        this.llama3Scaling = scaling;
        return this;
    }

    /**
     * No {@code output.weight}: the token embedding doubles as the classifier, as in Llama 3.2 1B,
     * Qwen2.5 0.5B, Qwen3 0.6B and Gemma (Gemma 2 always ties, whatever this says).
     */
    public SyntheticModel withTiedEmbeddings() {
        this.tiedEmbeddings = true;
        return this;
    }

    /** Writes the model with a SentencePiece vocabulary (Llama 2, Gemma, Phi-3). */
    public void write(Path out, SentencePieceVocabulary vocabulary) throws IOException {
        requireVocabularySize(vocabulary.pieces().length);
        GgufHeader.put(gguf, name(), config, vocabulary);
        tensors();
        gguf.write(out);
    }

    /**
     * Writes the model with a byte-level BPE vocabulary (Llama 3, Qwen, SmolLM), split with the
     * pattern that {@code preTokenizer} names in {@code tokenizer.ggml.pre}.
     */
    public void write(Path out, ByteLevelVocabulary vocabulary, String preTokenizer) throws IOException {
        requireVocabularySize(vocabulary.tokens().length);
        GgufHeader.putArchitecture(gguf, name(), config);
        gguf.putString("tokenizer.ggml.model", "gpt2");
        gguf.putString("tokenizer.ggml.pre", preTokenizer);
        gguf.putStringArray("tokenizer.ggml.tokens", vocabulary.tokens());
        gguf.putInt32Array("tokenizer.ggml.token_type", vocabulary.types());
        gguf.putStringArray("tokenizer.ggml.merges", vocabulary.merges());
        gguf.putUint32("tokenizer.ggml.bos_token_id", vocabulary.endOfText());
        gguf.putUint32("tokenizer.ggml.eos_token_id", vocabulary.endOfText());
        gguf.putBool("tokenizer.ggml.add_bos_token", false);
        tensors();
        gguf.write(out);
    }

    /**
     * Writes the model with the tokenizer keys that {@code vocabulary} writes, for vocabularies of
     * any kind llama.cpp reads (special tokens, flags, a chat template).
     */
    public void write(Path out, String name, Consumer<GgufWriter> vocabulary) throws IOException {
        GgufHeader.putArchitecture(gguf, name, config);
        vocabulary.accept(gguf);
        tensors();
        gguf.write(out);
    }

    /** A Llama-architecture model with a SentencePiece vocabulary (Llama 2, TinyLlama). */
    public static void writeLlama(Path out, Shape shape, TensorType type, SentencePieceVocabulary vocabulary, long seed) throws IOException {
        writeLlama(out, shape, QuantizationPreset.pure(type), vocabulary, seed);
    }

    /** The same with each matrix in the type {@code preset} gives it. */
    public static void writeLlama(Path out, Shape shape, QuantizationPreset preset, SentencePieceVocabulary vocabulary, long seed)
            throws IOException {
        new SyntheticModel(shape.config("llama", vocabulary.pieces().length), preset, seed).write(out, vocabulary);
    }

    /** A Llama-architecture model with a byte-level BPE vocabulary (as Llama 3 and SmolLM2 ship). */
    public static void writeLlama(Path out, Shape shape, TensorType type, ByteLevelVocabulary vocabulary, String preTokenizer,
                                  long seed) throws IOException {
        writeLlama(out, shape, QuantizationPreset.pure(type), vocabulary, preTokenizer, seed);
    }

    /** The same with each matrix in the type {@code preset} gives it. */
    public static void writeLlama(Path out, Shape shape, QuantizationPreset preset, ByteLevelVocabulary vocabulary, String preTokenizer,
                                  long seed) throws IOException {
        new SyntheticModel(shape.config("llama", vocabulary.tokens().length), preset, seed).write(out, vocabulary, preTokenizer);
    }

    /** A Llama-architecture model whose tokenizer keys {@code vocabulary} writes. */
    public static void writeLlama(Path out, Shape shape, TensorType type, String name, int vocabularySize, Consumer<GgufWriter> vocabulary,
                                  long seed) throws IOException {
        new SyntheticModel(shape.config("llama", vocabularySize), type, seed).write(out, name, vocabulary);
    }

    /** A GPT-2-architecture model with a byte-level BPE vocabulary. */
    public static void writeGpt2(Path out, Shape shape, TensorType type, ByteLevelVocabulary vocabulary, long seed) throws IOException {
        new SyntheticModel(shape.config("gpt2", vocabulary.tokens().length), type, seed).write(out, vocabulary, "gpt-2");
    }

    /** Without the architecture's name: llama.cpp keys tokenizer quirks on it (a "phi3" name expects Phi-3's special tokens). */
    private String name() {
        return "synthetic-" + config.dim() + "x" + config.layers() + "-" + preset.name();
    }

    private void requireVocabularySize(int size) {
        if (size != config.vocabularySize()) {
            throw new IllegalArgumentException("The vocabulary has " + size + " tokens, the configuration " + config.vocabularySize());
        }
    }

    /** The tensors llama.cpp loads for the architecture: no more (it rejects extra ones), no fewer. */
    private void tensors() {
        if (config.architecture().equals("gpt2")) {
            gpt2Tensors();
            return;
        }
        String arch = config.architecture();
        int dim = config.dim();
        // llama.cpp's gemma2 loader always ties the classifier and refuses a separate one.
        boolean tied = tiedEmbeddings || arch.equals("gemma2");
        matrix("token_embd.weight", config.vocabularySize(), dim, embeddingStd(arch, dim, tied));
        ropeFactors();
        for (int l = 0; l < config.layers(); l++) {
            String block = "blk." + l + ".";
            norm(block + "attn_norm.weight", dim);
            attentionProjections(block);
            if (arch.equals("qwen3") || arch.equals("gemma3")) {
                norm(block + "attn_q_norm.weight", config.headSize());
                norm(block + "attn_k_norm.weight", config.headSize());
            }
            matrix(block + "attn_output.weight", dim, config.qDim());
            if (arch.startsWith("gemma")) {
                norm(block + "post_attention_norm.weight", dim);
            }
            norm(block + "ffn_norm.weight", dim);
            if (arch.equals("phi3")) {
                matrix(block + "ffn_up.weight", 2 * config.hiddenDim(), dim);
            } else {
                matrix(block + "ffn_gate.weight", config.hiddenDim(), dim);
                matrix(block + "ffn_up.weight", config.hiddenDim(), dim);
            }
            matrix(block + "ffn_down.weight", dim, config.hiddenDim());
            if (arch.startsWith("gemma")) {
                norm(block + "post_ffw_norm.weight", dim);
            }
        }
        norm("output_norm.weight", dim);
        if (!tied) {
            matrix("output.weight", config.vocabularySize(), dim);
        }
    }

    /**
     * Embeddings enter the residual stream at unit scale (Gemma multiplies them by sqrt(dim) on the
     * way in). Reused as the classifier, they must be smaller: the current token's own logit grows
     * with the square of the embedding's norm while the others spread only with the norm, and a
     * large embedding makes every next token the current one again. Tied, they enter with a norm of
     * 0.4, or 1.6 in Gemma, whose post-norms give every layer's contribution unit scale.
     */
    private static float embeddingStd(String arch, int dim, boolean tied) {
        boolean gemma = arch.startsWith("gemma");
        if (!tied) {
            return (float) (gemma ? 1 / Math.sqrt(dim) : 1);
        }
        return (float) (gemma ? 1.6 / dim : 0.4 / Math.sqrt(dim));
    }

    private void attentionProjections(String block) {
        int dim = config.dim();
        if (config.architecture().equals("phi3")) {
            matrix(block + "attn_qkv.weight", config.qDim() + 2 * config.kvDim(), dim);
            return;
        }
        matrix(block + "attn_q.weight", config.qDim(), dim);
        matrix(block + "attn_k.weight", config.kvDim(), dim);
        matrix(block + "attn_v.weight", config.kvDim(), dim);
        if (config.architecture().equals("qwen2")) {
            bias(block + "attn_q.bias", config.qDim());
            bias(block + "attn_k.bias", config.kvDim());
            bias(block + "attn_v.bias", config.kvDim());
        }
    }

    /** Llama 3.1's {@code rope_freqs}, or Phi-3's LongRoPE pair (random factors: only their use is under test). */
    private void ropeFactors() {
        int pairs = config.rope().dims() / 2;
        if (llama3Scaling != null) {
            float[] factors = llama3Scaling.factors(config.rope().base(), config.rope().dims());
            gguf.addTensor("rope_freqs.weight", TensorType.F32, new long[] {pairs}, Quantization.encode(TensorType.F32, factors));
        }
        if (config.rope().scaling().type() == RopeScaling.Type.LONGROPE) {
            uniform("rope_factors_long.weight", pairs, 1f, 5f);
            uniform("rope_factors_short.weight", pairs, 1f, 1.2f);
        }
    }

    private void gpt2Tensors() {
        int dim = config.dim();
        int hidden = config.hiddenDim();
        matrix("token_embd.weight", config.vocabularySize(), dim, 1f);
        matrix("position_embd.weight", config.contextLength(), dim, 1f);
        for (int l = 0; l < config.layers(); l++) {
            String block = "blk." + l + ".";
            norm(block + "attn_norm.weight", dim);
            bias(block + "attn_norm.bias", dim);
            matrix(block + "attn_qkv.weight", 3 * dim, dim);
            bias(block + "attn_qkv.bias", 3 * dim);
            matrix(block + "attn_output.weight", dim, dim);
            bias(block + "attn_output.bias", dim);
            norm(block + "ffn_norm.weight", dim);
            bias(block + "ffn_norm.bias", dim);
            matrix(block + "ffn_up.weight", hidden, dim);
            bias(block + "ffn_up.bias", hidden);
            matrix(block + "ffn_down.weight", dim, hidden);
            bias(block + "ffn_down.bias", dim);
        }
        norm("output_norm.weight", dim);
        bias("output_norm.bias", dim);
        // Written out rather than tied to the token embedding, because llama.cpp's GPT-2 loader requires it.
        matrix("output.weight", config.vocabularySize(), dim);
    }

    /** Each tensor draws from its own generator, seeded by the model seed and its name. */
    private SplittableRandom random(String name) {
        return new SplittableRandom(seed * 31 + name.hashCode());
    }

    private void matrix(String name, int rows, int columns) {
        matrix(name, rows, columns, (float) (1 / Math.sqrt(columns)));
    }

    /** Generated while the file is written, one tensor in memory at a time. */
    private void matrix(String name, int rows, int columns, float std) {
        TensorType type = preset.typeOf(name, columns, config.layers(), config.heads() / config.kvHeads());
        gguf.addTensor(name, type, new long[] {columns, rows}, () -> {
            SplittableRandom random = random(name);
            float[] values = new float[rows * columns];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
            return Quantization.encode(type, values);
        });
    }

    /** Norm weights near one. */
    private void norm(String name, int length) {
        vector(name, length, 1f, 0.1f);
    }

    private void bias(String name, int length) {
        vector(name, length, 0f, 0.1f);
    }

    private void uniform(String name, int length, float low, float high) {
        SplittableRandom random = random(name);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (low + random.nextDouble() * (high - low));
        }
        gguf.addTensor(name, TensorType.F32, new long[] {length}, Quantization.encode(TensorType.F32, values));
    }

    private void vector(String name, int length, float mean, float std) {
        SplittableRandom random = random(name);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (mean + random.nextGaussian() * std);
        }
        gguf.addTensor(name, TensorType.F32, new long[] {length}, Quantization.encode(TensorType.F32, values));
    }
}
