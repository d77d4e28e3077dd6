package dev.llmsuite.explorer;

import dev.llmsuite.infra.EmbeddedKafka;
import dev.llmsuite.infra.EmbeddedPostgresServer;
import dev.llmsuite.infra.TestInfrastructure;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.servicetesting.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole suite as {@code ./suite up} runs it: Kafka and PostgreSQL (in this JVM), the four
 * services and the gateway as child JVMs from their packaged {@code quarkus-run.jar}, configured
 * through the same environment variables, with the reference models from {@code ../shared} served
 * out of the box. Every service accepts {@link ServiceProcess#API_KEY}.
 */
final class Suite implements AutoCloseable {

    /** The attention weights one explanation may hold in this suite. */
    static final long EXPLAIN_MAX_CELLS = 20_000;

    private static final List<String> VECTOR = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Path root = Path.of(System.getProperty("llmsuite.root", "../.."));
    private final String target = System.getProperty("llmsuite.target", "target");
    private final Path logs;
    private ServiceProcess gateway;

    Suite() throws IOException {
        logs = Files.createDirectories(root.resolve("gateway/explorer-tests").resolve(target).resolve("suite-logs"));
    }

    Suite start() throws IOException, InterruptedException {
        EmbeddedKafka kafka = TestInfrastructure.kafka();
        EmbeddedPostgresServer postgres = TestInfrastructure.postgres();
        Path outbox = Files.createTempDirectory("llmsuite-explorer-outbox");
        Map<String, String> environment = Map.of(
                "LLMSUITE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER,
                "QUARKUS_DATASOURCE_PASSWORD", "",
                "LLMSUITE_USAGE_OUTBOX_DIR", outbox.toString());
        Path models = SharedData.model("stories260K.gguf").getParent();

        ServiceProcess tokenizer = start("tokenizer-service", List.of(
                "-Dllmsuite.tokenizer.sentencepiece.stories260k.file=" + models.resolve("tok512.bin"),
                "-Dllmsuite.tokenizer.sentencepiece.stories260k.models=stories260K"), environment);
        ServiceProcess embedding = start("embedding-service", VECTOR, environment);
        List<String> generationOptions = new ArrayList<>(VECTOR);
        generationOptions.add("-Dllmsuite.generation.models.stories260K.path=" + models.resolve("stories260K.gguf"));
        generationOptions.add("-Dllmsuite.generation.model-dir=" + Files.createTempDirectory("llmsuite-explorer-models"));
        // Small enough that a longer prompt's every layer and head exceed it, as a large model's do (see EXPLAIN_MAX_CELLS).
        generationOptions.add("-Dllmsuite.generation.explain.max-cells=" + EXPLAIN_MAX_CELLS);
        ServiceProcess generation = start("generation-service", generationOptions, environment);
        ServiceProcess pricing = start("pricing-service", List.of(
                "-Dllmsuite.tokenizer.url=" + tokenizer.baseUrl(),
                "-Dllmsuite.pricing.self-hosted.metrics-url=" + generation.baseUrl() + "/q/metrics"), environment);

        Map<String, String> upstreams = Map.of(
                "LLMSUITE_TOKENIZER_URL", tokenizer.baseUrl(),
                "LLMSUITE_EMBEDDING_URL", embedding.baseUrl(),
                "LLMSUITE_GENERATION_URL", generation.baseUrl(),
                "LLMSUITE_PRICING_URL", pricing.baseUrl());
        gateway = start("gateway", List.of(), upstreams);
        return this;
    }

    /** The explorer and the API, on one origin. */
    String url() {
        return gateway.baseUrl();
    }

    String apiKey() {
        return ServiceProcess.API_KEY;
    }

    private ServiceProcess start(String service, List<String> options, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path jar = root.resolve(service).resolve(target).resolve("quarkus-app/quarkus-run.jar");
        ServiceProcess process = ServiceProcess.start(jar, options, environment, logs.resolve(service + ".log"));
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
