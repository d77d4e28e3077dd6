package dev.llmsuite.generation.models;

import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.serving.SchedulerSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Settings under {@code llmsuite.generation}: which models to serve and how each model's scheduler batches them. */
@ConfigMapping(prefix = "llmsuite.generation")
public interface GenerationConfig {

    /** Models by the name clients put in {@code model}: {@code llmsuite.generation.models.<name>.path=/path/file.gguf}. */
    Map<String, ModelEntry> models();

    /**
     * Folder that {@code ./suite pull} downloads into; every {@code .gguf} below it is served too,
     * named by its file name without the extension.
     */
    @WithDefault("${user.home}/.cache/llmsuite/models")
    Path modelDir();

    /** Sequences of one model decoding together: each step reads the weights once for all of them. */
    @WithDefault("" + SchedulerSettings.DEFAULT_MAX_BATCH_SIZE)
    int maxBatchSize();

    /** Rows per step: every decoding sequence's next token first, then prompt chunks up to this many tokens. */
    @WithDefault("" + SchedulerSettings.DEFAULT_MAX_BATCH_TOKENS)
    int maxBatchTokens();

    /** Requests per model that may wait for admission to the batch; one more gets 429 with Retry-After. */
    @WithDefault("" + SchedulerSettings.DEFAULT_MAX_QUEUED)
    int queueSize();

    KvCache kvCache();

    /** Upper bound on {@code n}, the completions generated per prompt. */
    @WithDefault("8")
    int maxChoices();

    Explain explain();

    /** Bounds of {@code POST /v1/explain/attention}, whose answer grows with layers x heads x tokens^2. */
    interface Explain {

        /** Longest prompt, in tokens, whose attention is explained. */
        @WithDefault("128")
        int maxPromptTokens();

        /** Most attention weights in one answer: layers x heads x tokens^2 over the requested maps (about 10 bytes of JSON each). */
        @WithDefault("1048576")
        long maxCells();
    }

    /** The paged KV-cache of each model. */
    interface KvCache {

        /** Memory budget per model: the block pool holds this much keys and values at most (allocated as used). */
        @WithDefault("" + SchedulerSettings.DEFAULT_CACHE_BYTES)
        MemorySize memory();

        /** Positions per block. */
        @WithDefault("" + SchedulerSettings.DEFAULT_BLOCK_SIZE)
        int blockSize();

        /**
         * How keys and values are stored: F16 (llama.cpp's default) holds twice the positions in
         * the same memory and halves what attention reads per step; F32 keeps them as computed.
         */
        @WithDefault("F16")
        KvCacheType type();

        /** Keep full blocks for requests that begin with the same tokens (system prompts, chat history, n > 1). */
        @WithDefault("true")
        boolean prefixCaching();
    }

    interface ModelEntry {
        Path path();

        /** A llama2.c checkpoint needs its tokenizer.bin; GGUF files carry their own vocabulary. */
        Optional<Path> tokenizer();
    }

    /** The scheduler settings these values make. */
    default SchedulerSettings schedulerSettings() {
        return new SchedulerSettings(maxBatchSize(), maxBatchTokens(), queueSize(), kvCache().blockSize(),
                kvCache().memory().asLongValue(), kvCache().type(), kvCache().prefixCaching());
    }
}
