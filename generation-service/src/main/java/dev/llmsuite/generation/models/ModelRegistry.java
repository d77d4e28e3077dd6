package dev.llmsuite.generation.models;

import dev.llmsuite.generation.chat.ChatEncoder;
import dev.llmsuite.generation.metrics.GenerationMetrics;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.serving.Scheduler;
import dev.llmsuite.transformer.serving.SchedulerLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The models this service generates with: those configured by path, plus every GGUF file found in
 * the download folder. All are loaded (memory-mapped) at startup, each with its own scheduler
 * (one loop thread per model, batching that model's requests). A model that fails to load is
 * logged and left out; with none at all the service still starts and its readiness says how to
 * provide one.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final GenerationConfig config;
    private final GenerationMetrics metrics;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final List<SchedulerLoop> loops = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public ModelRegistry(GenerationConfig config, GenerationMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        config.models().forEach((name, entry) -> load(name, entry.path(), entry));
        for (Path file : downloadedModels()) {
            String name = file.getFileName().toString().replaceFirst("\\.gguf$", "");
            if (!models.containsKey(name)) {
                load(name, file, null);
            }
        }
        if (models.isEmpty()) {
            LOG.warn(howToProvideAModel());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.forEach(SchedulerLoop::close);
        loops.clear();
        for (ServedModel served : models.values()) {
            served.model().close();
        }
        models.clear();
    }

    /** The model named in a request, or 404 naming the ones that exist. */
    public ServedModel require(String name) {
        ServedModel served = models.get(name);
        if (served == null) {
            if (models.isEmpty()) {
                throw OpenAiException.serviceUnavailable("No model is loaded. " + howToProvideAModel());
            }
            throw new OpenAiException(404, "invalid_request_error", "The model '" + name
                    + "' does not exist. Available models: " + String.join(", ", models.keySet()) + ".", "model", "model_not_found");
        }
        return served;
    }

    public Collection<ServedModel> all() {
        return models.values();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public String howToProvideAModel() {
        return "Provide a GGUF model: run './suite pull <owner>/<repo>/<file.gguf>' to download one from the Hugging Face Hub into "
                + config.modelDir() + ", or set llmsuite.generation.models.<name>.path=/path/to/model.gguf.";
    }

    private void load(String name, Path path, GenerationConfig.ModelEntry entry) {
        LanguageModel model = null;
        try {
            model = entry != null && entry.tokenizer().isPresent()
                    ? LanguageModel.load(path, entry.tokenizer().get())
                    : LanguageModel.load(path);
            ChatEncoder chat = ChatEncoder.forModel(model);
            Scheduler scheduler = new Scheduler(model, config.schedulerSettings());
            metrics.watch(name, scheduler);
            loops.add(new SchedulerLoop(scheduler, name));
            models.put(name, new ServedModel(name, model, chat, Instant.now(), scheduler));
            LOG.infof("Serving model %s from %s (%s, context %d, chat with %s, KV-cache %d blocks of %d positions)", name, path,
                    model.info().architecture(), model.info().contextLength(), chat.describe(), scheduler.pool().capacity(),
                    scheduler.pool().blockSize());
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            failures.add(name + ": " + e.getMessage());
            LOG.errorf("Model %s at %s could not be loaded: %s", name, path, e.getMessage());
        }
    }

    private List<Path> downloadedModels() {
        Path dir = config.modelDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".gguf")).sorted().toList();
        } catch (IOException e) {
            LOG.warnf("Cannot list the model folder %s: %s", dir, e.getMessage());
            return List.of();
        }
    }
}
