package dev.llmsuite.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code llmsuite.tokenizer.*}: which vocabularies the service loads and the limits that protect it. */
@ConfigMapping(prefix = "llmsuite.tokenizer")
public interface TokenizerServiceConfig {

    /** tiktoken encodings to serve, by name. */
    @WithDefault("r50k_base,p50k_base,p50k_edit,cl100k_base,o200k_base")
    List<String> encodings();

    /**
     * SentencePiece (Llama) vocabularies in llama2.c's {@code tokenizer.bin} format, by the encoding
     * name they are served as: {@code llmsuite.tokenizer.sentencepiece.llama2.file=llama2-tokenizer.bin}.
     */
    Map<String, SentencePieceVocabulary> sentencepiece();

    /**
     * WordPiece (BERT-family) vocabularies from a Hugging Face {@code tokenizer.json}, by encoding
     * name: {@code llmsuite.tokenizer.wordpiece.all-minilm-l6-v2.file=/models/tokenizer.json}. The file
     * may also be {@code classpath:NAME}, a resource on the class path.
     */
    Map<String, WordPieceVocabulary> wordpiece();

    /** Most texts in one tokenize or count request. */
    @WithDefault("1024")
    int maxBatchSize();

    /** Longest single text, in UTF-16 characters as JSON strings count them. */
    @WithDefault("1000000")
    int maxTextLength();

    /** Most token ids in one detokenize request. */
    @WithDefault("1000000")
    int maxTokens();

    /** Most tokens a tokenize request may ask offsets for: each one is a JSON object in the answer. */
    @WithDefault("100000")
    int maxOffsetTokens();

    /** Most encodings counted in one call. */
    @WithDefault("8")
    int maxEncodingsPerCount();

    interface SentencePieceVocabulary {

        /** A path, or a file name under the shared reference data's {@code models/} folder. */
        String file();

        /** Model names that resolve to this encoding. */
        Optional<List<String>> models();
    }

    interface WordPieceVocabulary {

        /** A path to a Hugging Face {@code tokenizer.json}, or {@code classpath:NAME}. */
        String file();

        /** Model names that resolve to this encoding. */
        Optional<List<String>> models();
    }
}
