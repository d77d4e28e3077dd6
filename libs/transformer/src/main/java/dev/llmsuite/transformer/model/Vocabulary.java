package dev.llmsuite.transformer.model;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.gguf.GgufTokenizer;
import dev.llmsuite.tokenizer.gguf.GgufVocabulary;
import dev.llmsuite.tokenizer.sentencepiece.SentencePieceTokenizer;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;
import java.util.Map;

/**
 * A model's own tokenizer, built from the vocabulary stored in its file, plus the special ids and
 * per-token bytes that generation needs for streaming.
 *
 * @param addBos whether prompts start with the BOS token by default ({@code tokenizer.ggml.add_bos_token})
 */
public record Vocabulary(Tokenizer tokenizer, String[] entries, int bos, int eos, boolean addBos) {

    public byte[] tokenBytes(int id) {
        return switch (tokenizer) {
            case GgufTokenizer gguf -> gguf.tokenBytes(id);
            case SentencePieceTokenizer sp -> sp.tokenBytes(id);
            default -> tokenizer.decodeBytes(new int[] {id});
        };
    }

    /**
     * Reads {@code tokenizer.ggml.*}: model "llama" (SentencePiece) or "gpt2" (byte-level BPE, split
     * as {@code tokenizer.ggml.pre} names), tokenized as llama.cpp tokenizes them.
     */
    public static Vocabulary fromGguf(GgufFile file) {
        Map<String, Object> m = file.metadata();
        String[] tokens = (String[]) file.required("tokenizer.ggml.tokens");
        GgufVocabulary vocabulary = new GgufVocabulary(file.string("tokenizer.ggml.model"), file.string("tokenizer.ggml.pre", null),
                file.string("general.name", null), tokens,
                m.get("tokenizer.ggml.scores") instanceof float[] s ? s : null,
                m.get("tokenizer.ggml.token_type") instanceof int[] t ? t : null,
                m.get("tokenizer.ggml.merges") instanceof String[] merges ? merges : null,
                id(m, "tokenizer.ggml.bos_token_id"), id(m, "tokenizer.ggml.eos_token_id"), id(m, "tokenizer.ggml.eot_token_id"),
                id(m, "tokenizer.ggml.eom_token_id"), id(m, "tokenizer.ggml.unknown_token_id"),
                flag(m, "tokenizer.ggml.add_bos_token"), flag(m, "tokenizer.ggml.add_eos_token"), flag(m, "tokenizer.ggml.add_space_prefix"));
        GgufTokenizer tokenizer;
        try {
            tokenizer = GgufTokenizer.of(vocabulary);
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(e.getMessage());
        }
        return new Vocabulary(tokenizer, tokens, tokenizer.bos(), tokenizer.eos(), tokenizer.addsBos());
    }

    private static Integer id(Map<String, Object> metadata, String key) {
        return metadata.get(key) instanceof Number n ? n.intValue() : null;
    }

    private static Boolean flag(Map<String, Object> metadata, String key) {
        return metadata.get(key) instanceof Boolean b ? b : null;
    }
}
