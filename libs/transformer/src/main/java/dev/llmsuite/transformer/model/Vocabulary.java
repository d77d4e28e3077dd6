package dev.llmsuite.transformer.model;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.bytelevel.ByteLevelBpeTokenizer;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import dev.llmsuite.tokenizer.sentencepiece.SentencePieceTokenizer;
import dev.llmsuite.tokenizer.sentencepiece.TokenKind;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;

/**
 * A model's own tokenizer, built from the vocabulary stored in its file, plus the special ids and
 * per-token bytes that generation needs for streaming.
 *
 * @param addBos whether prompts start with the BOS token by default ({@code tokenizer.ggml.add_bos_token})
 */
public record Vocabulary(Tokenizer tokenizer, String[] entries, int bos, int eos, boolean addBos) {

    public byte[] tokenBytes(int id) {
        return switch (tokenizer) {
            case SentencePieceTokenizer sp -> sp.tokenBytes(id);
            case ByteLevelBpeTokenizer bpe -> bpe.tokenBytes(id);
            default -> tokenizer.decodeBytes(new int[] {id});
        };
    }

    /** Reads {@code tokenizer.ggml.*}: model "llama" (SentencePiece) or "gpt2" (byte-level BPE). */
    public static Vocabulary fromGguf(GgufFile file) {
        String model = file.string("tokenizer.ggml.model");
        String[] tokens = (String[]) file.required("tokenizer.ggml.tokens");
        int[] types = file.metadata().get("tokenizer.ggml.token_type") instanceof int[] t ? t : null;
        String name = file.string("general.name", "gguf");
        int bos = file.integer("tokenizer.ggml.bos_token_id", -1);
        int eos = file.integer("tokenizer.ggml.eos_token_id", -1);
        return switch (model) {
            case "llama" -> {
                float[] scores = file.metadata().get("tokenizer.ggml.scores") instanceof float[] s ? s : new float[tokens.length];
                TokenKind[] kinds = new TokenKind[tokens.length];
                for (int i = 0; i < tokens.length; i++) {
                    kinds[i] = types == null ? TokenKind.NORMAL : TokenKind.ofGguf(types[i]);
                }
                var tokenizer = new SentencePieceTokenizer(name, tokens, scores, kinds, file.bool("tokenizer.ggml.add_space_prefix", true));
                yield new Vocabulary(tokenizer, tokens, bos, eos, file.bool("tokenizer.ggml.add_bos_token", true));
            }
            case "gpt2" -> {
                boolean[] control = new boolean[tokens.length];
                for (int i = 0; i < tokens.length; i++) {
                    control[i] = types != null && TokenKind.ofGguf(types[i]) == TokenKind.CONTROL;
                }
                String[] merges = (String[]) file.required("tokenizer.ggml.merges");
                String[] patterns = splitPatterns(file.string("tokenizer.ggml.pre", "gpt-2"));
                var tokenizer = new ByteLevelBpeTokenizer(name, tokens, control, merges, patterns);
                yield new Vocabulary(tokenizer, tokens, bos, eos, file.bool("tokenizer.ggml.add_bos_token", false));
            }
            default -> throw new GgufFormatException("Tokenizer model '" + model + "' is not supported; supported: llama (SentencePiece), gpt2 (byte-level BPE)");
        };
    }

    /**
     * The split patterns named by {@code tokenizer.ggml.pre}: Llama 3 splits like cl100k_base,
     * SmolLM first cuts out every digit and then splits the rest like GPT-2, everything else splits
     * like GPT-2.
     */
    static String[] splitPatterns(String preTokenizer) {
        return switch (preTokenizer) {
            case "llama-bpe", "llama3", "llama-v3", "dbrx", "smaug-bpe" -> new String[] {PreTokenizer.CL100K_PATTERN};
            case "smollm" -> new String[] {"\\p{N}", PreTokenizer.GPT2_PATTERN};
            default -> new String[] {PreTokenizer.GPT2_PATTERN};
        };
    }
}
