package dev.llmsuite.generation.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Serves two small synthetic models with published chat templates: {@value #QWEN} (Qwen2.5's) and {@value #GEMMA} (Gemma 2's). */
public class TemplatedChatModels implements QuarkusTestResourceLifecycleManager {

    public static final String QWEN = "qwen-template";
    public static final String GEMMA = "gemma2-template";

    private Path folder;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("templated-models");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("llmsuite.generation.models." + QWEN + ".path", ChatModels.write(folder, "qwen2.5-instruct", "qwen2").toString(),
                "llmsuite.generation.models." + GEMMA + ".path", ChatModels.write(folder, "gemma-2-it", "gpt-2").toString());
    }

    @Override
    public void stop() {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
