package dev.llmsuite.embedding.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code llmsuite.embedding.*}: which models to serve and how to batch them. */
@ConfigMapping(prefix = "llmsuite.embedding")
public interface EmbeddingConfig {

    /** Built-in models to load by name: all-minilm-l6-v2 (fp32) and all-minilm-l6-v2-q (int8). */
    @WithName("builtin-models")
    @WithDefault("all-minilm-l6-v2")
    List<String> builtinModels();

    /** Extra models from folders: {@code llmsuite.embedding.models.<name>.folder=/path}. */
    Map<String, FolderModel> models();

    /** The model the geometry endpoints use when a request names none. */
    @WithName("default-model")
    @WithDefault("all-minilm-l6-v2")
    String defaultModel();

    /** Inputs per request at most (OpenAI's limit is 2048). */
    @WithName("max-inputs")
    @WithDefault("2048")
    int maxInputs();

    /** ONNX Runtime threads inside one run; empty means one per core. */
    @WithName("intra-op-threads")
    Optional<Integer> intraOpThreads();

    /** Let ONNX Runtime's threads spin while idle: faster on a dedicated host, slower on a shared one. */
    @WithName("spin-wait")
    @WithDefault("false")
    boolean spinWait();

    /**
     * Pack several inputs into one row of the encoder's input, each attending only to itself,
     * instead of padding every input to the longest of its batch. Applies to Hugging Face BERT
     * exports (the built-in models among them); other models are always padded.
     */
    @WithName("packed-rows")
    @WithDefault("true")
    boolean packedRows();

    Batch batch();

    interface FolderModel {
        /** A folder with model.onnx and tokenizer.json (and optionally sentence-transformers configs). */
        String folder();

        /** Overrides sentence_bert_config.json's max_seq_length ([CLS] and [SEP] included). */
        @WithName("max-tokens")
        Optional<Integer> maxTokens();

        /** mean or cls; overrides 1_Pooling/config.json. */
        Optional<String> pooling();

        /** Unit-length vectors; overrides modules.json's Normalize module. */
        Optional<Boolean> normalize();

        /** true only for Matryoshka-trained models, whose vector prefixes are embeddings themselves. */
        @WithName("shortenable-dimensions")
        @WithDefault("false")
        boolean shortenableDimensions();
    }

    interface Batch {
        /**
         * Tokens per ONNX Runtime run at most, padding included. Measured on all-MiniLM-L6-v2:
         * runs of a few dozen sentences beat runs of hundreds, whose activations no longer fit
         * in cache.
         */
        @WithName("max-tokens")
        @WithDefault("1024")
        int maxTokens();

        /**
         * How long the first sentence waits for others to share its run; while fewer requests
         * are gathered than were open during the last batch (clients that send again as soon as
         * they are answered), up to this long after the batcher got free.
         */
        @WithName("max-wait")
        @WithDefault("4ms")
        Duration maxWait();

        /** Sentences queued per model at most; beyond it requests get 429. */
        @WithName("queue-capacity")
        @WithDefault("4096")
        int queueCapacity();
    }
}
