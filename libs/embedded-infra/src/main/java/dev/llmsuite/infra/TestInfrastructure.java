package dev.llmsuite.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One broker and one database per test JVM, started on first use and shared by every test class,
 * so a test suite pays their start-up once. Their data lives in temporary folders removed at exit.
 */
public final class TestInfrastructure {

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;

    private TestInfrastructure() {
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            Path dir = temporaryFolder("llmsuite-kafka");
            kafka = new EmbeddedKafka(dir, 0).start();
            atExit(kafka::stop, dir);
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            Path dir = temporaryFolder("llmsuite-postgres");
            postgres = new EmbeddedPostgresServer(dir, 0).start();
            atExit(postgres::stop, dir);
        }
        return postgres;
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a server, then removes its data, in one shutdown hook: hooks run concurrently, and a
     * Kafka broker whose log folder vanishes while it shuts down halts the JVM with status 1.
     */
    private static void atExit(Runnable stop, Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                deleteRecursively(dir);
            }
        }));
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort at JVM exit: a leftover temp folder is harmless.
        }
    }
}
