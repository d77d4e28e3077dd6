package dev.llmsuite.gateway;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What packaging the four services leaves behind: the OpenAPI document each generates
 * ({@code <service>/target/openapi}, see the parent pom), read by the route and OpenAPI tests, and its
 * runnable jar, for tests with the real service behind the gateway.
 */
public final class ServiceArtifacts {

    public static final List<String> SERVICES = List.of("tokenizer", "embedding", "generation", "pricing");

    private ServiceArtifacts() {
    }

    /** The service's {@code quarkus-run.jar}. */
    public static Path runJar(String service) {
        return target(service).resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    private static Path target(String service) {
        return Path.of(System.getProperty("llmsuite.services.dir", "..")).resolve(service + "-service")
                .resolve(System.getProperty("llmsuite.target", "target"));
    }

    public static Buffer of(String service) {
        Path document = target(service).resolve("openapi").resolve("openapi.json");
        if (!Files.isRegularFile(document)) {
            throw new IllegalStateException(document + " is missing: package the services first "
                    + "(mvn -pl gateway -am verify builds them before the gateway's tests)");
        }
        try {
            return Buffer.buffer(Files.readAllBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
