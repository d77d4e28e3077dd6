package dev.llmsuite.tokenizer.wordpiece;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link WordPieceTokenizer} from a Hugging Face {@code tokenizer.json} of the BERT
 * family (BertNormalizer, BertPreTokenizer, WordPiece model, [CLS]/[SEP] post-processing). The
 * file's own truncation and padding settings are ignored: the caller decides the length limit,
 * and padding belongs to batching.
 */
public final class TokenizerJson {

    private TokenizerJson() {
    }

    public static WordPieceTokenizer load(String name, Path file) throws IOException {
        return parse(name, Files.readString(file, StandardCharsets.UTF_8));
    }

    public static WordPieceTokenizer load(String name, InputStream in) throws IOException {
        return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public static WordPieceTokenizer parse(String name, String json) {
        Map<String, Object> root = (Map<String, Object>) JsonParser.parse(json);
        Map<String, Object> model = (Map<String, Object>) root.get("model");
        if (model == null || !"WordPiece".equals(model.get("type"))) {
            throw new IllegalArgumentException("Not a WordPiece tokenizer.json: model.type is " + (model == null ? "missing" : model.get("type")));
        }
        Map<String, Integer> ids = new HashMap<>();
        ((Map<String, Object>) model.get("vocab")).forEach((token, id) -> ids.put(token, ((Double) id).intValue()));
        WordPieceVocabulary vocabulary = new WordPieceVocabulary(ids,
                (String) model.getOrDefault("unk_token", "[UNK]"),
                (String) model.getOrDefault("continuing_subword_prefix", "##"),
                ((Double) model.getOrDefault("max_input_chars_per_word", 100.0)).intValue());
        BertNormalizer normalizer = normalizer((Map<String, Object>) root.get("normalizer"));
        Object preTokenizer = root.get("pre_tokenizer");
        if (preTokenizer != null && !"BertPreTokenizer".equals(((Map<String, Object>) preTokenizer).get("type"))) {
            throw new IllegalArgumentException("Unsupported pre_tokenizer " + ((Map<String, Object>) preTokenizer).get("type") + ": only BertPreTokenizer");
        }
        Map<String, Object> post = (Map<String, Object>) root.get("post_processor");
        int cls = frameToken(post, "cls", "[CLS]", vocabulary);
        int sep = frameToken(post, "sep", "[SEP]", vocabulary);
        return new WordPieceTokenizer(name, normalizer, vocabulary, cls, sep);
    }

    private static BertNormalizer normalizer(Map<String, Object> config) {
        if (config == null) {
            return new BertNormalizer(false, false, false, false);
        }
        if (!"BertNormalizer".equals(config.get("type"))) {
            throw new IllegalArgumentException("Unsupported normalizer " + config.get("type") + ": only BertNormalizer");
        }
        boolean lowercase = flag(config, "lowercase", true);
        Object stripAccents = config.get("strip_accents");
        return new BertNormalizer(flag(config, "clean_text", true), flag(config, "handle_chinese_chars", true),
                stripAccents == null ? lowercase : (Boolean) stripAccents, lowercase);
    }

    private static boolean flag(Map<String, Object> config, String key, boolean otherwise) {
        Object value = config.get(key);
        return value == null ? otherwise : (Boolean) value;
    }

    /**
     * The id of the [CLS] or [SEP] token: BertProcessing names it as {@code cls: ["[CLS]", 101]};
     * TemplateProcessing only through its special_tokens table, where the conventional names apply.
     */
    @SuppressWarnings("unchecked")
    private static int frameToken(Map<String, Object> post, String key, String conventional, WordPieceVocabulary vocabulary) {
        if (post != null && post.get(key) instanceof List<?> pair) {
            return ((Double) pair.get(1)).intValue();
        }
        if (post != null && post.get("special_tokens") instanceof Map<?, ?> specials
                && specials.get(conventional) instanceof Map<?, ?> entry) {
            return ((Double) ((List<Object>) entry.get("ids")).get(0)).intValue();
        }
        int id = vocabulary.id(conventional);
        if (id < 0) {
            throw new IllegalArgumentException("No " + conventional + " token in tokenizer.json");
        }
        return id;
    }
}
