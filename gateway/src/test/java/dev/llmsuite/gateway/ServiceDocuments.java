package dev.llmsuite.gateway;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OpenAPI documents the four services generate when they are packaged ({@code <service>/target/openapi},
 * see the parent pom): what each service really documents, read by the route and OpenAPI tests.
 */
public final class ServiceDocuments {

    public static final List<String> SERVICES = List.of("tokenizer", "embedding", "generation", "pricing");

    private ServiceDocuments() {
    }

    public static Buffer of(String service) {
        Path root = Path.of(System.getProperty("llmsuite.services.dir", ".."));
        Path document = root.resolve(service + "-service").resolve(System.getProperty("llmsuite.target", "target"))
                .resolve("openapi").resolve("openapi.json");
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
