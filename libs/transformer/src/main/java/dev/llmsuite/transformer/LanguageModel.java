package dev.llmsuite.transformer;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;
import dev.llmsuite.transformer.llama2c.Llama2cCheckpoint;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.model.Gemma2;
import dev.llmsuite.transformer.model.Gemma3;
import dev.llmsuite.transformer.model.Gpt2;
import dev.llmsuite.transformer.model.Llama;
import dev.llmsuite.transformer.model.ModelConfig;
import dev.llmsuite.transformer.model.Phi3;
import dev.llmsuite.transformer.model.Qwen2;
import dev.llmsuite.transformer.model.Qwen3;
import dev.llmsuite.transformer.model.SmolLM3;
import dev.llmsuite.transformer.model.Transformer;
import dev.llmsuite.transformer.model.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loaded decoder model with its tokenizer. The weights stay memory-mapped and are shared by all
 * {@link Session}s (one sequence each, with its own KV-cache; they may run concurrently) and by a
 * {@link dev.llmsuite.transformer.serving.Scheduler}, which batches many sequences over one paged cache.
 */
public final class LanguageModel implements AutoCloseable {

    private final Transformer transformer;
    private final Vocabulary vocabulary;
    private final ModelInfo info;
    private final AutoCloseable file;

    private LanguageModel(Transformer transformer, Vocabulary vocabulary, String name, String chatTemplate, AutoCloseable file) {
        this.transformer = transformer;
        this.vocabulary = vocabulary;
        this.file = file;
        ModelConfig c = transformer.config();
        Map<String, Integer> types = new TreeMap<>();
        transformer.tensorTypes().forEach((type, count) -> types.put(type.name(), count));
        this.info = new ModelInfo(name, c.architecture(), c.contextLength(), c.vocabularySize(), c.dim(), c.layers(),
                c.heads(), c.kvHeads(), transformer.parameterCount(),
                c.kvCacheBytesPerToken(),
                vocabulary.bos(), vocabulary.eos(), chatTemplate, Map.copyOf(types));
    }

    /** The values of {@code general.architecture} this engine runs. */
    public static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "qwen3", "gemma2", "gemma3", "phi3", "smollm3", "gpt2");

    /** Loads a GGUF model of one of the {@link #ARCHITECTURES}. */
    public static LanguageModel load(Path path) {
        GgufFile file;
        try {
            file = GgufFile.open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + path, e);
        }
        try {
            String architecture = file.string("general.architecture");
            if (!ARCHITECTURES.contains(architecture)) {
                throw new GgufFormatException("Architecture '" + architecture + "' is not supported; supported: " + String.join(", ", ARCHITECTURES));
            }
            Vocabulary vocabulary = Vocabulary.fromGguf(file);
            ModelConfig config = ModelConfig.read(file, vocabulary.entries().length);
            var tensors = file.tensors();
            Transformer transformer = switch (architecture) {
                case "llama" -> new Llama(config, tensors);
                case "qwen2" -> new Qwen2(config, tensors);
                case "qwen3" -> new Qwen3(config, tensors);
                case "gemma2" -> new Gemma2(config, tensors);
                case "gemma3" -> new Gemma3(config, tensors);
                case "phi3" -> new Phi3(config, tensors);
                case "smollm3" -> new SmolLM3(config, tensors);
                case "gpt2" -> new Gpt2(config, tensors);
                default -> throw new IllegalStateException(architecture);
            };
            String name = file.string("general.name", path.getFileName().toString());
            return new LanguageModel(transformer, vocabulary, name, file.string("tokenizer.chat_template", null), file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Loads a llama2.c checkpoint with its {@code tokenizer.bin}. */
    public static LanguageModel load(Path checkpoint, Path tokenizerBin) {
        Llama2cCheckpoint file;
        try {
            file = Llama2cCheckpoint.open(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read checkpoint " + checkpoint, e);
        }
        try {
            ModelConfig config = file.config();
            Llama2cTokenizerFile tokens = Llama2cTokenizerFile.read(tokenizerBin, config.vocabularySize());
            String name = checkpoint.getFileName().toString();
            Vocabulary vocabulary = new Vocabulary(tokens.tokenizer(name), tokens.pieces(),
                    Llama2cTokenizerFile.BOS, Llama2cTokenizerFile.EOS, true);
            return new LanguageModel(new Llama(config, file.tensors()), vocabulary, name, null, file);
        } catch (IOException e) {
            file.close();
            throw new UncheckedIOException("Cannot read tokenizer " + tokenizerBin, e);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public ModelInfo info() {
        return info;
    }

    public Tokenizer tokenizer() {
        return vocabulary.tokenizer();
    }

    /** Token ids of a prompt, preceded by BOS when {@code addBos} (and the model has one). */
    public int[] encodePrompt(String text, boolean addBos) {
        int[] body = vocabulary.tokenizer().encode(text);
        if (!addBos || vocabulary.bos() < 0) {
            return body;
        }
        int[] ids = new int[body.length + 1];
        ids[0] = vocabulary.bos();
        System.arraycopy(body, 0, ids, 1, body.length);
        return ids;
    }

    /** Whether this model's prompts conventionally start with BOS. */
    public boolean addsBos() {
        return vocabulary.addBos();
    }

    /** The vocabulary entry as stored, e.g. "▁time" or "<0x0A>". */
    public String tokenText(int id) {
        return vocabulary.entries()[id];
    }

    /** The bytes the token contributes to the text (may be part of a UTF-8 character). */
    public byte[] tokenBytes(int id) {
        return vocabulary.tokenBytes(id);
    }

    /**
     * A sequence of its own, run step by step by the caller (see {@link Session}), with a float32
     * cache: keys and values exactly as computed.
     */
    public Session newSession() {
        return newSession(KvCacheType.F32);
    }

    /** A sequence of its own whose cache stores keys and values as {@code cacheType}. */
    public Session newSession(KvCacheType cacheType) {
        return new Session(transformer, cacheType, Session.BLOCK_SIZE);
    }

    /**
     * A sequence of its own whose cache stores keys and values as {@code cacheType}, in blocks of
     * {@code blockSize} positions: attention goes block by block, so the block size groups its
     * float operations (not its math).
     */
    public Session newSession(KvCacheType cacheType, int blockSize) {
        return new Session(transformer, cacheType, blockSize);
    }

    /** The forward pass, for a {@link dev.llmsuite.transformer.serving.Scheduler} that batches many sequences. */
    public Transformer transformer() {
        return transformer;
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (Exception e) {
            throw new IllegalStateException("Closing model " + info.name(), e);
        }
    }
}
