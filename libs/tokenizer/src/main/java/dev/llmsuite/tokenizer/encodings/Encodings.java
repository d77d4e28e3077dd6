package dev.llmsuite.tokenizer.encodings;

import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiktoken encodings OpenAI publishes, by name and by model. Vocabularies are the
 * {@code .tiktoken} files shipped inside the {@code com.knuddels:jtokkit} jar, read as data; each is
 * loaded on first use and then shared (an encoding is immutable).
 */
public final class Encodings {

    private static final String ENDOFTEXT = "<|endoftext|>";
    private static final String FIM_PREFIX = "<|fim_prefix|>";
    private static final String FIM_MIDDLE = "<|fim_middle|>";
    private static final String FIM_SUFFIX = "<|fim_suffix|>";
    private static final String ENDOFPROMPT = "<|endofprompt|>";

    private record Definition(String resource, PreTokenizer preTokenizer, Map<String, Integer> specialTokens) {
    }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        DEFINITIONS.put("r50k_base", new Definition("r50k_base.tiktoken", PreTokenizer.GPT2, Map.of(ENDOFTEXT, 50256)));
        DEFINITIONS.put("p50k_base", new Definition("p50k_base.tiktoken", PreTokenizer.GPT2, Map.of(ENDOFTEXT, 50256)));
        DEFINITIONS.put("p50k_edit", new Definition("p50k_base.tiktoken", PreTokenizer.GPT2,
                Map.of(ENDOFTEXT, 50256, FIM_PREFIX, 50281, FIM_MIDDLE, 50282, FIM_SUFFIX, 50283)));
        DEFINITIONS.put("cl100k_base", new Definition("cl100k_base.tiktoken", PreTokenizer.CL100K,
                Map.of(ENDOFTEXT, 100257, FIM_PREFIX, 100258, FIM_MIDDLE, 100259, FIM_SUFFIX, 100260, ENDOFPROMPT, 100276)));
        DEFINITIONS.put("o200k_base", new Definition("o200k_base.tiktoken", PreTokenizer.O200K,
                Map.of(ENDOFTEXT, 199999, ENDOFPROMPT, 200018)));
    }

    private static final Map<String, TiktokenEncoding> LOADED = new ConcurrentHashMap<>();

    private Encodings() {
    }

    /** The names of all encodings, e.g. {@code cl100k_base}. */
    public static List<String> names() {
        return List.copyOf(DEFINITIONS.keySet());
    }

    /** An encoding by name; loads its vocabulary on first use. */
    public static TiktokenEncoding get(String name) {
        Definition definition = DEFINITIONS.get(name);
        if (definition == null) {
            throw new UnknownEncodingException(name, DEFINITIONS.keySet());
        }
        return LOADED.computeIfAbsent(name, key -> load(key, definition));
    }

    /** The encoding a model uses, e.g. {@code gpt-4o-2024-08-06} gives o200k_base. */
    public static TiktokenEncoding forModel(String model) {
        return get(ModelEncodings.encodingFor(model));
    }

    /** The name of the encoding a model uses, without loading it. */
    public static String encodingNameForModel(String model) {
        return ModelEncodings.encodingFor(model);
    }

    /** Name, size, special tokens and models of every encoding. */
    public static List<EncodingInfo> describe() {
        return DEFINITIONS.keySet().stream().map(name -> {
            TiktokenEncoding encoding = get(name);
            return new EncodingInfo(name, encoding.vocabularySize(), encoding.specialTokens(), ModelEncodings.modelsOf(name));
        }).toList();
    }

    private static TiktokenEncoding load(String name, Definition definition) {
        String resource = "/com/knuddels/jtokkit/" + definition.resource();
        try (InputStream in = Encodings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Vocabulary " + resource + " is not on the classpath (it ships in com.knuddels:jtokkit)");
            }
            return TiktokenEncoding.fromTiktokenFile(name, in, definition.preTokenizer(), definition.specialTokens());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read vocabulary " + resource, e);
        }
    }
}
