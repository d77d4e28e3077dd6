package dev.llmsuite.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process of the run (a service, the broker, the database) that can be started, killed with SIGKILL,
 * stopped with SIGTERM and started again with the same command. Each start logs to a file of its own.
 */
final class ManagedProcess {

    /** Whether a started process serves yet; it may throw while it cannot tell. */
    @FunctionalInterface
    interface Readiness {
        boolean ready(Path log) throws Exception;
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logDir;
    private final Readiness readiness;
    private Process process;
    private Path log;
    private int starts;

    ManagedProcess(String name, List<String> command, Map<String, String> environment, Path logDir, Readiness readiness) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logDir = logDir;
        this.readiness = readiness;
    }

    String name() {
        return name;
    }

    synchronized void start() throws IOException {
        Files.createDirectories(logDir);
        log = logDir.resolve(name + "-" + (++starts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until the process serves; fails with its last log lines if it dies or the deadline passes. */
    void awaitReady(Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Process current = process;
            if (!current.isAlive()) {
                throw new IllegalStateException(name + " exited with " + current.exitValue() + " while starting:\n" + tail());
            }
            try {
                if (readiness.ready(log)) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name + " not ready within " + deadline.toSeconds() + " s:\n" + tail());
            }
            Thread.sleep(250);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and SIGKILL if it has not stopped after a minute. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
