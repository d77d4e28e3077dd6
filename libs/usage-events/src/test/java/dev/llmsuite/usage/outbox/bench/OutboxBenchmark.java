package dev.llmsuite.usage.outbox.bench;

import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import dev.llmsuite.usage.outbox.SegmentLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * What the outbox's fsync policy costs a request: the time {@code append} takes for a real usage event, with
 * every append waiting for an fsync (group commit, the default) and with a background fsync every 10 ms (the
 * append waits for the write only), each with 1 and 8 concurrent requests.
 *
 * <pre>./suite bench outbox [dir] [appends-per-run]</pre>
 *
 * The folder should be on the disk the outbox will use (a tmpfs makes fsync free). Last line:
 * {@code RESULT outbox group_commit_p50_us=.. group_commit_p99_us=.. interval_p50_us=.. interval_p99_us=..}
 * (for 8 concurrent requests).
 */
public final class OutboxBenchmark {

    private record Run(String policy, int threads, long[] nanos, double seconds) {
        long percentileMicros(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1_000;
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/outbox-bench");
        int appends = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        byte[] key = "tenant-a".getBytes(StandardCharsets.UTF_8);
        byte[] value = UsageEventJson.write(UsageEvent.of("tenant-a", "generation-service", "stories260K", "chat.completion",
                57, 120, 840, 35L, "stop", "chatcmpl-0123456789abcdef0123456789abcdef", "req_0123456789abcdef0123456789abcdef"));
        System.out.printf("outbox append latency, %d appends of a %d-byte usage event per run, in %s%n", appends, value.length,
                root.toAbsolutePath());
        List<Run> runs = new ArrayList<>();
        for (Duration interval : List.of(Duration.ZERO, Duration.ofMillis(10))) {
            for (int threads : new int[] {1, 8}) {
                Run run = run(root, interval, threads, appends, key, value);
                runs.add(run);
                System.out.printf(Locale.ROOT, "%-28s threads=%d  p50=%6d us  p99=%6d us  %8.0f appends/s%n", run.policy(), threads,
                        run.percentileMicros(0.50), run.percentileMicros(0.99), appends / run.seconds());
            }
        }
        Run groupCommit = runs.get(1);
        Run periodic = runs.get(3);
        System.out.printf("RESULT outbox group_commit_p50_us=%d group_commit_p99_us=%d interval_p50_us=%d interval_p99_us=%d%n",
                groupCommit.percentileMicros(0.5), groupCommit.percentileMicros(0.99),
                periodic.percentileMicros(0.5), periodic.percentileMicros(0.99));
    }

    private static Run run(Path root, Duration interval, int threads, int appends, byte[] key, byte[] value) throws Exception {
        Path dir = root.resolve("run-" + System.nanoTime());
        long[] nanos = new long[appends];
        String policy = interval.isZero() ? "fsync per append (group)" : "fsync every " + interval.toMillis() + " ms";
        long started;
        long finished;
        try (SegmentLog log = new SegmentLog(dir, 8L << 20, interval)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = first; i < appends; i += threads) {
                            long t0 = System.nanoTime();
                            log.append(key, value);
                            nanos[i] = System.nanoTime() - t0;
                        }
                    } catch (InterruptedException | IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            started = System.nanoTime();
            go.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            finished = System.nanoTime();
        } finally {
            deleteRecursively(dir);
        }
        return new Run(policy, threads, nanos, (finished - started) / 1e9);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
