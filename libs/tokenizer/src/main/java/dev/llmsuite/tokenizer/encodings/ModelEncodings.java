package dev.llmsuite.tokenizer.encodings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which encoding each OpenAI model uses, after tiktoken's {@code model.py}: exact model names first,
 * then name prefixes for dated and fine-tuned variants ({@code gpt-4o-2024-08-06},
 * {@code ft:gpt-4o:org:...}).
 */
final class ModelEncodings {

    private static final String O200K = "o200k_base";
    private static final String CL100K = "cl100k_base";
    private static final String P50K = "p50k_base";
    private static final String P50K_EDIT = "p50k_edit";
    private static final String R50K = "r50k_base";

    private static final Map<String, String> EXACT = new LinkedHashMap<>();
    /** Longer prefixes first, so that "ft:gpt-4o" wins over "ft:gpt-4". */
    private static final Map<String, String> PREFIX = new LinkedHashMap<>();

    static {
        for (String model : List.of("gpt-5", "gpt-4.5", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "o1", "o3", "o4-mini")) {
            EXACT.put(model, O200K);
        }
        for (String model : List.of("gpt-4", "gpt-3.5-turbo", "gpt-3.5", "gpt-35-turbo", "davinci-002", "babbage-002",
                "text-embedding-ada-002", "text-embedding-3-small", "text-embedding-3-large")) {
            EXACT.put(model, CL100K);
        }
        for (String model : List.of("text-davinci-003", "text-davinci-002", "code-davinci-002", "code-davinci-001",
                "code-cushman-002", "code-cushman-001", "davinci-codex", "cushman-codex")) {
            EXACT.put(model, P50K);
        }
        EXACT.put("text-davinci-edit-001", P50K_EDIT);
        EXACT.put("code-davinci-edit-001", P50K_EDIT);
        for (String model : List.of("gpt2", "text-davinci-001", "text-curie-001", "text-babbage-001", "text-ada-001",
                "davinci", "curie", "babbage", "ada",
                "text-similarity-davinci-001", "text-similarity-curie-001", "text-similarity-babbage-001",
                "text-similarity-ada-001", "text-search-davinci-doc-001", "text-search-curie-doc-001",
                "text-search-babbage-doc-001", "text-search-ada-doc-001", "code-search-babbage-code-001",
                "code-search-ada-code-001")) {
            EXACT.put(model, R50K);
        }
        for (String prefix : List.of("chatgpt-4o-", "gpt-4o-mini-", "gpt-4o-", "gpt-4.1-", "gpt-4.5-", "gpt-5-",
                "o4-mini-", "o1-", "o3-", "ft:gpt-4o")) {
            PREFIX.put(prefix, O200K);
        }
        for (String prefix : List.of("gpt-4-", "gpt-3.5-turbo-", "gpt-35-turbo-", "ft:gpt-4", "ft:gpt-3.5-turbo",
                "ft:davinci-002", "ft:babbage-002")) {
            PREFIX.put(prefix, CL100K);
        }
    }

    private ModelEncodings() {
    }

    /** The encoding name of a model, matched without regard to case. */
    static String encodingFor(String model) {
        String key = model.strip().toLowerCase(Locale.ROOT);
        String exact = EXACT.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> prefix : PREFIX.entrySet()) {
            if (key.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        throw new UnknownModelException(model, families());
    }

    /** Model names and prefixes (as {@code gpt-4o-*}) that use an encoding. */
    static List<String> modelsOf(String encoding) {
        List<String> models = new ArrayList<>();
        EXACT.forEach((model, enc) -> {
            if (enc.equals(encoding)) {
                models.add(model);
            }
        });
        PREFIX.forEach((prefix, enc) -> {
            if (enc.equals(encoding)) {
                models.add(prefix + "*");
            }
        });
        return models;
    }

    private static List<String> families() {
        List<String> families = new ArrayList<>();
        PREFIX.keySet().forEach(prefix -> families.add(prefix + "*"));
        families.addAll(List.of("text-embedding-3-*", "text-davinci-00*", "code-davinci-00*", "davinci", "gpt2"));
        return families;
    }
}
