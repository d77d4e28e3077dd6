package dev.llmsuite.transformer.synthetic;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.gguf.GgufWriter;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Vocabularies shaped like those of the model families people download, built from real ones we
 * have (GPT-2's byte-level BPE, Llama 2's SentencePiece) plus each family's special tokens and
 * flags, and written as GGUF tokenizer keys for our engine and llama.cpp to read alike.
 *
 * @param name    what the test reports, and {@code general.name} (llama.cpp treats Phi-3 by name)
 * @param special control ("c:") and user-defined ("u:") tokens appended to the base vocabulary
 */
record TestVocabularies(String name, int size, Consumer<GgufWriter> keys) {

    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;

    /** Chat markers of Llama 3, ChatML (Qwen, SmolLM) and Gemma as control tokens, a reasoning tag as a user-defined one. */
    static final List<String> BYTE_LEVEL_SPECIALS = List.of("c:<|begin_of_text|>", "c:<|eot_id|>", "c:<|start_header_id|>",
            "c:<|end_header_id|>", "c:<|im_start|>", "c:<|im_end|>", "u:<think>", "u:</think>");

    /**
     * GPT-2's vocabulary with the pre-tokenizer {@code pre}, the special tokens above, and one long
     * word reachable by no merge: only {@code ignore_merges} (Llama 3) encodes it as one token.
     */
    static TestVocabularies byteLevel(String pre) throws IOException {
        ByteLevelVocabulary base = R50kPrefix.load(50_256);
        List<String> tokens = new ArrayList<>(Arrays.asList(base.tokens()));
        List<Integer> types = new ArrayList<>(Arrays.stream(base.types()).boxed().toList());
        tokens.add("\u0120antidisestablishmentarianism");
        types.add(1);
        for (String special : BYTE_LEVEL_SPECIALS) {
            tokens.add(special.substring(2));
            types.add(special.startsWith("c:") ? CONTROL : USER_DEFINED);
        }
        String[] tokenArray = tokens.toArray(String[]::new);
        int[] typeArray = types.stream().mapToInt(Integer::intValue).toArray();
        return new TestVocabularies("bpe-" + pre, tokenArray.length, g -> {
            g.putString("tokenizer.ggml.model", "gpt2");
            g.putString("tokenizer.ggml.pre", pre);
            g.putStringArray("tokenizer.ggml.tokens", tokenArray);
            g.putInt32Array("tokenizer.ggml.token_type", typeArray);
            g.putStringArray("tokenizer.ggml.merges", base.merges());
            g.putUint32("tokenizer.ggml.bos_token_id", base.endOfText());
            g.putUint32("tokenizer.ggml.eos_token_id", base.endOfText());
        });
    }

    /** Llama 2's SentencePiece vocabulary as Llama 2 ships it. */
    static TestVocabularies llama2() throws IOException {
        return sentencePiece("llama2-spm", true, List.of());
    }

    /** Llama 2's pieces with Gemma's conventions: no space prefix, turn markers as control tokens. */
    static TestVocabularies gemmaLike() throws IOException {
        return sentencePiece("gemma-like-spm", false, List.of("c:<start_of_turn>", "c:<end_of_turn>", "u:<unused0>"));
    }

    /** Llama 2's pieces with Phi-3's added tokens, named so that llama.cpp applies its Phi-3 rules. */
    static TestVocabularies phi3Like() throws IOException {
        return sentencePiece("Phi-3-mini-like-spm", true, List.of("c:<|endoftext|>", "c:<|assistant|>", "c:<|system|>", "c:<|end|>",
                "c:<|user|>", "u:<|placeholder1|>"));
    }

    private static TestVocabularies sentencePiece(String name, boolean spacePrefix, List<String> specials) throws IOException {
        var base = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        int n = base.pieces().length + specials.size();
        String[] pieces = Arrays.copyOf(base.pieces(), n);
        float[] scores = Arrays.copyOf(base.scores(), n);
        int[] types = Arrays.copyOf(base.types(), n);
        for (int i = 0; i < specials.size(); i++) {
            pieces[base.pieces().length + i] = specials.get(i).substring(2);
            types[base.pieces().length + i] = specials.get(i).startsWith("c:") ? CONTROL : USER_DEFINED;
        }
        return new TestVocabularies(name, n, g -> {
            g.putString("tokenizer.ggml.model", "llama");
            g.putStringArray("tokenizer.ggml.tokens", pieces);
            g.putFloat32Array("tokenizer.ggml.scores", scores);
            g.putInt32Array("tokenizer.ggml.token_type", types);
            g.putUint32("tokenizer.ggml.bos_token_id", base.bos());
            g.putUint32("tokenizer.ggml.eos_token_id", base.eos());
            g.putUint32("tokenizer.ggml.unknown_token_id", 0);
            g.putBool("tokenizer.ggml.add_space_prefix", spacePrefix);
        });
    }
}
