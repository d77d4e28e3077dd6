package dev.llmsuite.servicetesting;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged service (its {@code quarkus-run.jar}) started as a child JVM for a benchmark or an
 * end-to-end test, on a free port with a test-only API key, so that what is measured or checked
 * includes the real server.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final String API_KEY = "sk-bench";

    private final String name;
    private final Process process;
    private final String baseUrl;

    private ServiceProcess(String name, Process process, String baseUrl) {
        this.name = name;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the service; {@code extraOptions} are JVM options such as {@code -Dllmsuite.embedding.batch.max-wait=2ms}. */
    public static ServiceProcess start(Path quarkusRunJar, List<String> extraOptions, Path log) throws IOException, InterruptedException {
        return start(quarkusRunJar, extraOptions, Map.of(), log);
    }

    /**
     * Starts the service with {@code environment} added to this JVM's, for settings a deployment
     * passes as environment variables (as {@code ./suite up} does: {@code LLMSUITE_KAFKA_BOOTSTRAP_SERVERS}, ...).
     */
    public static ServiceProcess start(Path quarkusRunJar, List<String> extraOptions, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException(quarkusRunJar + " not found: package the service first (mvn package -DskipTests)");
        }
        // <service>/target/quarkus-app/quarkus-run.jar
        String name = quarkusRunJar.toAbsolutePath().getParent().getParent().getParent().getFileName().toString();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port,
                "-Dllmsuite.auth.keys-file=none",
                "-Dllmsuite.auth.keys=bench:" + sha256(API_KEY)));
        command.addAll(extraOptions);
        command.addAll(List.of("-jar", quarkusRunJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServiceProcess service = new ServiceProcess(name, process, "http://localhost:" + port);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    public String baseUrl() {
        return baseUrl;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during startup");
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                Thread.sleep(250);
            }
        }
        close();
        throw new IllegalStateException(name + " not ready within " + timeout);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
