package dev.llmsuite.tokenizer.encodings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which encoding each OpenAI model uses, exactly as tiktoken's {@code model.py} resolves it: an exact
 * name first, then the first matching name prefix in table order (dated and fine-tuned variants such
 * as {@code gpt-4o-2024-08-06} or {@code ft:gpt-4o:org:...}). Names are matched as given, case and
 * spaces included, as tiktoken does. One naming difference: tiktoken calls GPT-2's encoding
 * {@code gpt2}; it has the same ranks and special token as {@code r50k_base}, which is the name used here.
 */
final class ModelEncodings {

    private static final String O200K = "o200k_base";
    private static final String O200K_HARMONY = "o200k_harmony";
    private static final String CL100K = "cl100k_base";
    private static final String P50K = "p50k_base";
    private static final String P50K_EDIT = "p50k_edit";
    private static final String R50K = "r50k_base";

    private static final Map<String, String> EXACT = new LinkedHashMap<>();
    /** Tried in this order; the first prefix a name starts with decides. */
    private static final Map<String, String> PREFIX = new LinkedHashMap<>();

    static {
        exact(O200K, "o1", "o3", "o4-mini", "gpt-5", "gpt-4.1", "gpt-4o");
        exact(CL100K, "gpt-4", "gpt-3.5-turbo", "gpt-3.5", "gpt-35-turbo", "davinci-002", "babbage-002",
                "text-embedding-ada-002", "text-embedding-3-small", "text-embedding-3-large");
        exact(P50K, "text-davinci-003", "text-davinci-002");
        exact(R50K, "text-davinci-001", "text-curie-001", "text-babbage-001", "text-ada-001",
                "davinci", "curie", "babbage", "ada");
        exact(P50K, "code-davinci-002", "code-davinci-001", "code-cushman-002", "code-cushman-001",
                "davinci-codex", "cushman-codex");
        exact(P50K_EDIT, "text-davinci-edit-001", "code-davinci-edit-001");
        exact(R50K, "text-similarity-davinci-001", "text-similarity-curie-001", "text-similarity-babbage-001",
                "text-similarity-ada-001", "text-search-davinci-doc-001", "text-search-curie-doc-001",
                "text-search-babbage-doc-001", "text-search-ada-doc-001", "code-search-babbage-code-001",
                "code-search-ada-code-001", "gpt2", "gpt-2");

        prefix(O200K, "o1-", "o3-", "o4-mini-", "gpt-5", "gpt-4.5-", "gpt-4.1-", "chatgpt-4o-", "gpt-4o-");
        prefix(CL100K, "gpt-4-", "gpt-3.5-turbo-", "gpt-35-turbo-");
        prefix(O200K_HARMONY, "gpt-oss-");
        prefix(O200K, "ft:gpt-4o");
        prefix(CL100K, "ft:gpt-4", "ft:gpt-3.5-turbo", "ft:davinci-002", "ft:babbage-002");
    }

    private static void exact(String encoding, String... models) {
        for (String model : models) {
            EXACT.put(model, encoding);
        }
    }

    private static void prefix(String encoding, String... prefixes) {
        for (String prefix : prefixes) {
            PREFIX.put(prefix, encoding);
        }
    }

    private ModelEncodings() {
    }

    /** The encoding name of a model, e.g. {@code gpt-4o-2024-08-06} gives {@code o200k_base}. */
    static String encodingFor(String model) {
        String exact = EXACT.get(model);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> prefix : PREFIX.entrySet()) {
            if (model.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        throw new UnknownModelException(model, accepted());
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

    /** Everything the lookup accepts: the exact names, then the prefixes as {@code prefix*}. */
    private static List<String> accepted() {
        List<String> accepted = new ArrayList<>(EXACT.keySet());
        PREFIX.keySet().forEach(prefix -> accepted.add(prefix + "*"));
        return accepted;
    }
}
