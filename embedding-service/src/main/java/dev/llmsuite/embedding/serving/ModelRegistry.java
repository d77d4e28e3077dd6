package dev.llmsuite.embedding.serving;

import dev.llmsuite.embedding.batching.BatchPolicy;
import dev.llmsuite.embedding.batching.DynamicBatcher;
import dev.llmsuite.embedding.model.BuiltInModels;
import dev.llmsuite.embedding.model.EmbeddingModel;
import dev.llmsuite.embedding.model.ModelFolder;
import dev.llmsuite.embedding.model.ModelSpec;
import dev.llmsuite.embedding.pooling.Pooling;
import dev.llmsuite.openai.OpenAiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models this service serves, loaded once at startup. A model that fails to load is
 * remembered with its reason, so readiness can say what is wrong instead of the service dying.
 */
@Startup
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final EmbeddingConfig config;

    public ModelRegistry(EmbeddingConfig config, MeterRegistry meters) {
        this.config = config;
        int threads = config.intraOpThreads().orElse(Runtime.getRuntime().availableProcessors());
        BatchPolicy policy = new BatchPolicy(config.batch().maxTokens(), config.batch().maxWait(), config.batch().queueCapacity());
        for (ModelSpec spec : specs()) {
            try {
                EmbeddingModel model = EmbeddingModel.load(spec, threads, config.spinWait(), config.packedRows());
                DynamicBatcher batcher = new DynamicBatcher(spec.name(), model.encoder()::embed, model.encoder().layout(), policy,
                        new BatchMetrics(meters, spec.name()));
                // Held strongly: Micrometer holds a gauge's source weakly by default, and once the garbage collector
                // takes the source (it can, when a test restarts the application in one JVM), the gauge is gone.
                Gauge.builder("embedding.queue.depth", batcher, DynamicBatcher::queued).strongReference(true)
                        .description("Sentences waiting for a batch").tag("model", spec.name()).register(meters);
                Gauge.builder("embedding.requests.open", batcher, DynamicBatcher::openRequests).strongReference(true)
                        .description("Requests accepted and not yet answered").tag("model", spec.name()).register(meters);
                models.put(spec.name(), new ServedModel(model, batcher, Instant.now().getEpochSecond()));
                LOG.infof("Loaded embedding model %s: %d dimensions, %d tokens at most, %s rows", spec.name(), model.dimensions(),
                        model.maxTokens(), model.encoder().layout().name().toLowerCase(Locale.ROOT));
            } catch (Exception | UnsatisfiedLinkError e) {
                failures.put(spec.name(), e.getClass().getSimpleName() + ": " + e.getMessage());
                LOG.errorf(e, "Embedding model %s could not be loaded", spec.name());
            }
        }
    }

    private List<ModelSpec> specs() {
        List<ModelSpec> specs = new ArrayList<>();
        for (String name : config.builtinModels()) {
            ModelSpec spec = BuiltInModels.byName(name);
            if (spec == null) {
                failures.put(name, "No built-in model of that name; built-ins are " + BuiltInModels.names());
            } else {
                specs.add(spec);
            }
        }
        config.models().forEach((name, folder) -> {
            try {
                ModelSpec overrides = new ModelSpec(name, null, null, folder.maxTokens(),
                        folder.pooling().map(Pooling::parse), folder.normalize(), folder.shortenableDimensions());
                specs.add(ModelFolder.describe(name, Path.of(folder.folder()), overrides));
            } catch (Exception e) {
                failures.put(name, e.getMessage());
            }
        });
        return specs;
    }

    /** The named model, or a 404 in OpenAI's words. */
    public ServedModel require(String name) {
        ServedModel model = models.get(name);
        if (model == null) {
            String reason = failures.containsKey(name) ? " (it failed to load: " + failures.get(name) + ")" : "";
            throw OpenAiException.modelNotFound("The model '" + name + "' does not exist" + reason
                    + ". Available embedding models: " + String.join(", ", models.keySet()));
        }
        return model;
    }

    public Collection<ServedModel> all() {
        return models.values();
    }

    /** Models that were configured but could not be loaded, with the reason. */
    public Map<String, String> failures() {
        return failures;
    }

    @PreDestroy
    void close() {
        for (ServedModel served : models.values()) {
            served.batcher().close();
            try {
                served.model().close();
            } catch (Exception e) {
                LOG.warnf("Closing %s: %s", served.name(), e.getMessage());
            }
        }
    }
}
