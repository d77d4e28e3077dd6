package dev.llmsuite.chaos;

import dev.llmsuite.infra.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the run kills, each a process of its own: a Kafka broker, PostgreSQL, the embedding- and
 * generation-service (each with its usage outbox on a folder that outlives it), two pricing-service replicas
 * in one consumer group, and the gateway that clients call.
 */
final class ChaosCluster implements AutoCloseable {

    static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final ManagedProcess kafka;
    final ManagedProcess postgres;
    final ManagedProcess embedding;
    final ManagedProcess generation;
    final ManagedProcess pricingA;
    final ManagedProcess pricingB;
    final ManagedProcess gateway;
    private final int gatewayPort = FreePorts.pick();
    /** Stops the processes if the run itself is stopped (Ctrl-C): they are not the JVM's to take down. */
    private final Thread cleanup = new Thread(this::stopQuietly, "chaos-cleanup");
    private final int postgresPort = FreePorts.pick();

    ChaosCluster(Path repository, Path work, Path generationModel, List<Tenant> tenants) throws IOException {
        Path logs = work.resolve("logs");
        Path keys = work.resolve("api-keys");
        Files.write(keys, tenants.stream().map(Tenant::keyFileLine).toList());
        int kafkaPort = FreePorts.pick();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        String bootstrap = "127.0.0.1:" + kafkaPort;
        String jdbc = jdbcUrl();

        kafka = new ManagedProcess("kafka", List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, "dev.llmsuite.infra.KafkaMain", work.resolve("kafka").toString(),
                String.valueOf(kafkaPort), String.valueOf(FreePorts.pick())), Map.of(), logs, logContains("KAFKA READY"));
        postgres = new ManagedProcess("postgres", List.of(java, "-Xmx128m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, "dev.llmsuite.infra.PostgresMain", work.resolve("postgres").toString(),
                String.valueOf(postgresPort)), Map.of(), logs, logContains("POSTGRES READY"));

        List<String> common = List.of("-Dllmsuite.auth.keys-file=" + keys, "-Dllmsuite.kafka.bootstrap-servers=" + bootstrap);
        int embeddingPort = FreePorts.pick();
        embedding = service(java, repository, "embedding-service", embeddingPort, "768m", logs, join(common,
                "-Dllmsuite.usage.outbox.dir=" + work.resolve("outbox/embedding-service")));
        int generationPort = FreePorts.pick();
        generation = service(java, repository, "generation-service", generationPort, "512m", logs, join(common,
                "-Dllmsuite.usage.outbox.dir=" + work.resolve("outbox/generation-service"),
                "-Dllmsuite.generation.models.stories260K.path=" + generationModel));
        List<String> pricing = join(common, "-Dquarkus.datasource.jdbc.url=" + jdbc, "-Dllmsuite.pricing.self-hosted.metrics-url=");
        int pricingPort = FreePorts.pick();
        pricingA = service(java, repository, "pricing-service", pricingPort, "384m", logs, pricing, "pricing-service-a");
        pricingB = service(java, repository, "pricing-service", FreePorts.pick(), "384m", logs, pricing, "pricing-service-b");
        gateway = new ManagedProcess("gateway", serviceCommand(java, repository, "gateway", gatewayPort, "384m", common),
                Map.of("LLMSUITE_EMBEDDING_URL", "http://127.0.0.1:" + embeddingPort,
                        "LLMSUITE_GENERATION_URL", "http://127.0.0.1:" + generationPort,
                        "LLMSUITE_PRICING_URL", "http://127.0.0.1:" + pricingPort,
                        "LLMSUITE_TOKENIZER_URL", "http://127.0.0.1:" + FreePorts.pick()),
                logs, healthy(gatewayPort));
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    /** Starts everything, infrastructure first, and waits until all of it serves. */
    void start() throws Exception {
        Runtime.getRuntime().addShutdownHook(cleanup);
        for (ManagedProcess infrastructure : List.of(kafka, postgres)) {
            infrastructure.start();
        }
        for (ManagedProcess infrastructure : List.of(kafka, postgres)) {
            infrastructure.awaitReady(START_DEADLINE);
        }
        List<ManagedProcess> services = List.of(pricingA, pricingB, embedding, generation, gateway);
        for (ManagedProcess service : services) {
            service.start();
        }
        for (ManagedProcess service : services) {
            service.awaitReady(START_DEADLINE);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverStarted) {
            // the hook is running, or start() never registered it
        }
    }

    private void stopAll() throws InterruptedException {
        for (ManagedProcess process : List.of(gateway, generation, embedding, pricingB, pricingA, kafka, postgres)) {
            process.stop();
        }
    }

    private void stopQuietly() {
        try {
            stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ManagedProcess service(String java, Path repository, String module, int port, String heap, Path logs,
                                          List<String> options) {
        return service(java, repository, module, port, heap, logs, options, module);
    }

    private static ManagedProcess service(String java, Path repository, String module, int port, String heap, Path logs,
                                          List<String> options, String name) {
        return new ManagedProcess(name, serviceCommand(java, repository, module, port, heap, options), Map.of(), logs, healthy(port));
    }

    private static List<String> serviceCommand(String java, Path repository, String module, int port, String heap, List<String> options) {
        Path jar = repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: package the services first (mvn package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Dquarkus.http.port=" + port));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private static ManagedProcess.Readiness healthy(int port) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(30)).build();
        return log -> HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static ManagedProcess.Readiness logContains(String line) {
        return log -> Files.exists(log) && Files.readString(log).contains(line);
    }

    private static List<String> join(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
