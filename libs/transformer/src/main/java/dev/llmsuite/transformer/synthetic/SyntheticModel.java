package dev.llmsuite.transformer.synthetic;

import dev.llmsuite.transformer.gguf.GgufWriter;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.model.LlamaGgufHeader;
import dev.llmsuite.transformer.model.ModelConfig;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.tensor.Quantization;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes GGUF models of any shape with seeded random weights and a real vocabulary, so that our
 * engine and llama.cpp can run the very same file. Matrices are drawn with standard deviation
 * 1/sqrt(inputs), which keeps activations near unit scale through every layer, so greedy decoding
 * wanders through the vocabulary instead of collapsing onto one token.
 *
 * <p>Every matrix is stored in the requested type, or in the type a llama.cpp preset such as
 * Q4_K_M gives it ({@link QuantizationPreset}); norm weights and biases stay float32, as in
 * published quantized models.
 */
public final class SyntheticModel {

    /** A model's dimensions; {@code kvHeads < heads} gives grouped-query attention (Llama only). */
    public record Shape(int dim, int hiddenDim, int layers, int heads, int kvHeads, int contextLength) {
    }

    private final GgufWriter gguf = new GgufWriter();
    private final long seed;
    private final QuantizationPreset preset;
    private int layers;
    private int groupSize = 1;

    private SyntheticModel(long seed, QuantizationPreset preset) {
        this.seed = seed;
        this.preset = preset;
    }

    /** Each tensor draws from its own generator, seeded by the model seed and its name. */
    private SplittableRandom random(String name) {
        return new SplittableRandom(seed * 31 + name.hashCode());
    }

    /** A Llama-architecture model with a SentencePiece vocabulary (Llama 2, TinyLlama). */
    public static void writeLlama(Path out, Shape shape, TensorType type, SentencePieceVocabulary vocabulary, long seed) throws IOException {
        writeLlama(out, shape, QuantizationPreset.pure(type), vocabulary, seed);
    }

    /** A Llama-architecture model with every matrix in the type {@code preset} gives it. */
    public static void writeLlama(Path out, Shape shape, QuantizationPreset preset, SentencePieceVocabulary vocabulary, long seed)
            throws IOException {
        SyntheticModel m = new SyntheticModel(seed, preset);
        ModelConfig config = llamaConfig(shape, vocabulary.pieces().length);
        LlamaGgufHeader.put(m.gguf, "synthetic-llama-" + shape.dim() + "x" + shape.layers() + "-" + preset, config, vocabulary);
        m.llamaTensors(config);
        m.gguf.write(out);
    }

    /**
     * A Llama-architecture model with a byte-level BPE vocabulary (as Llama 3 and SmolLM2 ship),
     * split with the pattern that {@code preTokenizer} names in {@code tokenizer.ggml.pre}.
     */
    public static void writeLlama(Path out, Shape shape, TensorType type, ByteLevelVocabulary vocabulary, String preTokenizer,
                                  long seed) throws IOException {
        writeLlama(out, shape, QuantizationPreset.pure(type), vocabulary, preTokenizer, seed);
    }

    /** The byte-level Llama model with every matrix in the type {@code preset} gives it. */
    public static void writeLlama(Path out, Shape shape, QuantizationPreset preset, ByteLevelVocabulary vocabulary,
                                  String preTokenizer, long seed) throws IOException {
        SyntheticModel m = new SyntheticModel(seed, preset);
        ModelConfig config = llamaConfig(shape, vocabulary.tokens().length);
        LlamaGgufHeader.putArchitecture(m.gguf, "synthetic-llama-bpe-" + shape.dim() + "x" + shape.layers() + "-" + preset, config);
        putByteLevel(m.gguf, vocabulary, preTokenizer);
        m.llamaTensors(config);
        m.gguf.write(out);
    }

    /**
     * A Llama-architecture model whose tokenizer keys {@code vocabulary} writes, for vocabularies of
     * any kind llama.cpp reads (special tokens, flags, a chat template).
     */
    public static void writeLlama(Path out, Shape shape, TensorType type, String name, int vocabularySize, Consumer<GgufWriter> vocabulary,
                                  long seed) throws IOException {
        SyntheticModel m = new SyntheticModel(seed, QuantizationPreset.pure(type));
        ModelConfig config = llamaConfig(shape, vocabularySize);
        LlamaGgufHeader.putArchitecture(m.gguf, name, config);
        vocabulary.accept(m.gguf);
        m.llamaTensors(config);
        m.gguf.write(out);
    }

    private static ModelConfig llamaConfig(Shape shape, int vocabularySize) {
        return new ModelConfig("llama", shape.dim(), shape.hiddenDim(), shape.layers(), shape.heads(), shape.kvHeads(),
                vocabularySize, shape.contextLength(), 1e-5f, 10000f, shape.dim() / shape.heads());
    }

    private void llamaTensors(ModelConfig c) {
        layers = c.layers();
        groupSize = c.heads() / c.kvHeads();
        int dim = c.dim();
        int kvDim = c.kvDim();
        matrix("token_embd.weight", c.vocabularySize(), dim, 1f);
        for (int l = 0; l < c.layers(); l++) {
            String block = "blk." + l + ".";
            norm(block + "attn_norm.weight", dim);
            matrix(block + "attn_q.weight", dim, dim);
            matrix(block + "attn_k.weight", kvDim, dim);
            matrix(block + "attn_v.weight", kvDim, dim);
            matrix(block + "attn_output.weight", dim, dim);
            norm(block + "ffn_norm.weight", dim);
            matrix(block + "ffn_gate.weight", c.hiddenDim(), dim);
            matrix(block + "ffn_up.weight", c.hiddenDim(), dim);
            matrix(block + "ffn_down.weight", dim, c.hiddenDim());
        }
        norm("output_norm.weight", dim);
        matrix("output.weight", c.vocabularySize(), dim);
    }

    private static void putByteLevel(GgufWriter g, ByteLevelVocabulary vocabulary, String preTokenizer) {
        g.putString("tokenizer.ggml.model", "gpt2");
        g.putString("tokenizer.ggml.pre", preTokenizer);
        g.putStringArray("tokenizer.ggml.tokens", vocabulary.tokens());
        g.putInt32Array("tokenizer.ggml.token_type", vocabulary.types());
        g.putStringArray("tokenizer.ggml.merges", vocabulary.merges());
        g.putUint32("tokenizer.ggml.bos_token_id", vocabulary.endOfText());
        g.putUint32("tokenizer.ggml.eos_token_id", vocabulary.endOfText());
        g.putBool("tokenizer.ggml.add_bos_token", false);
    }

    /**
     * A GPT-2-architecture model with a byte-level BPE vocabulary. The classifier is written out
     * rather than tied to the token embedding, because llama.cpp's GPT-2 loader requires it.
     */
    public static void writeGpt2(Path out, Shape shape, TensorType type, ByteLevelVocabulary vocabulary, long seed) throws IOException {
        SyntheticModel m = new SyntheticModel(seed, QuantizationPreset.pure(type));
        GgufWriter g = m.gguf;
        g.putString("general.architecture", "gpt2");
        g.putString("general.name", "synthetic-gpt2-" + shape.dim() + "x" + shape.layers() + "-" + type);
        g.putUint32("gpt2.context_length", shape.contextLength());
        g.putUint32("gpt2.embedding_length", shape.dim());
        g.putUint32("gpt2.feed_forward_length", shape.hiddenDim());
        g.putUint32("gpt2.block_count", shape.layers());
        g.putUint32("gpt2.attention.head_count", shape.heads());
        g.putFloat32("gpt2.attention.layer_norm_epsilon", 1e-5f);
        putByteLevel(g, vocabulary, "gpt-2");

        int dim = shape.dim();
        int hidden = shape.hiddenDim();
        m.matrix("token_embd.weight", vocabulary.tokens().length, dim, 1f);
        m.matrix("position_embd.weight", shape.contextLength(), dim, 1f);
        for (int l = 0; l < shape.layers(); l++) {
            String block = "blk." + l + ".";
            m.norm(block + "attn_norm.weight", dim);
            m.bias(block + "attn_norm.bias", dim);
            m.matrix(block + "attn_qkv.weight", 3 * dim, dim);
            m.bias(block + "attn_qkv.bias", 3 * dim);
            m.matrix(block + "attn_output.weight", dim, dim);
            m.bias(block + "attn_output.bias", dim);
            m.norm(block + "ffn_norm.weight", dim);
            m.bias(block + "ffn_norm.bias", dim);
            m.matrix(block + "ffn_up.weight", hidden, dim);
            m.bias(block + "ffn_up.bias", hidden);
            m.matrix(block + "ffn_down.weight", dim, hidden);
            m.bias(block + "ffn_down.bias", dim);
        }
        m.norm("output_norm.weight", dim);
        m.bias("output_norm.bias", dim);
        m.matrix("output.weight", vocabulary.tokens().length, dim);
        g.write(out);
    }

    private void matrix(String name, int rows, int columns) {
        matrix(name, rows, columns, (float) (1 / Math.sqrt(columns)));
    }

    /** Generated while the file is written, one tensor in memory at a time. */
    private void matrix(String name, int rows, int columns, float std) {
        TensorType type = preset.typeOf(name, columns, layers, groupSize);
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

    private void vector(String name, int length, float mean, float std) {
        SplittableRandom random = random(name);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (mean + random.nextGaussian() * std);
        }
        gguf.addTensor(name, TensorType.F32, new long[] {length}, Quantization.encode(TensorType.F32, values));
    }
}
