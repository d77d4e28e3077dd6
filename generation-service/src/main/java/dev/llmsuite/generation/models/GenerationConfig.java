package dev.llmsuite.generation.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings under {@code llmsuite.generation}: which models to serve and how many generations run at once. */
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

    /** Generations that run at the same time; each keeps the CPU cores busy, so about one per two cores. */
    @WithDefault("2")
    int capacity();

    /** Requests that may wait for a free slot; one more gets 429 with Retry-After. */
    @WithDefault("16")
    int queueSize();

    /** How long a queued request waits for a slot before it gets 429. */
    @WithDefault("60s")
    Duration queueTimeout();

    /** Upper bound on {@code n}, the completions generated per prompt. */
    @WithDefault("8")
    int maxChoices();

    interface ModelEntry {
        Path path();

        /** A llama2.c checkpoint needs its tokenizer.bin; GGUF files carry their own vocabulary. */
        Optional<Path> tokenizer();
    }
}
