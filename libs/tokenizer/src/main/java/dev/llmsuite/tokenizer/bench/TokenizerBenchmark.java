package dev.llmsuite.tokenizer.bench;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.encodings.Encodings;
import dev.llmsuite.tokenizer.encodings.TiktokenEncoding;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Our tiktoken encoder against jtokkit, one thread, same JVM, same run: every shared corpus file,
 * counted line by line (as the corpus README measures) and as one whole text, plus adversarial
 * inputs, in cl100k_base and o200k_base. Each row checks that both produce identical ids, then
 * times both alternately and keeps each one's best round.
 *
 * <p>Time is the benchmark thread's CPU time, not wall-clock time: on a machine shared with other
 * builds a wall clock mostly measures the scheduler, while CPU time still compares the two
 * implementations fairly. MB are 10^6 bytes of UTF-8.
 *
 * <p>The speed target is for the corpus, so {@code min_speedup_vs_jtokkit} is the minimum over the
 * corpus rows; the adversarial rows (one repeated letter, one long word, a run of spaces) show
 * that the worst case stays linear and are reported beside it. The last line is
 * {@code RESULT tokenizer min_speedup_vs_jtokkit=<x> mismatches=<n>}.
 */
public final class TokenizerBenchmark {

    private static final List<String> ENCODINGS = List.of("cl100k_base", "o200k_base");
    private static final List<String> FILES = List.of("en.txt", "ru.txt", "de.txt", "zh.txt", "code.txt");
    private static final int ROUNDS = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Input(String name, List<String> texts, long bytes, boolean adversarial) {
        static Input of(String name, List<String> texts, boolean adversarial) {
            long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
            return new Input(name, texts, bytes, adversarial);
        }
    }

    private record Row(String encoding, Input input, long tokens, double jtokkitMbps, double oursMbps, long mismatches) {
        double ratio() {
            return oursMbps / jtokkitMbps;
        }
    }

    public static void main(String[] args) throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (String file : FILES) {
            String text = Files.readString(SharedData.corpus(file));
            inputs.add(Input.of(file + " lines", text.lines().toList(), false));
            inputs.add(Input.of(file + " whole", List.of(text), false));
        }
        inputs.add(Input.of("1 MB of 'a'", List.of("a".repeat(1 << 20)), true));
        inputs.add(Input.of("1 MB word", List.of(randomWord(1 << 20)), true));
        inputs.add(Input.of("100k spaces", List.of(" ".repeat(100_000)), true));

        EncodingRegistry registry = com.knuddels.jtokkit.Encodings.newDefaultEncodingRegistry();
        List<Row> rows = new ArrayList<>();
        for (String name : ENCODINGS) {
            Encoding jtokkit = registry.getEncoding(name).orElseThrow();
            TiktokenEncoding ours = Encodings.get(name);
            warmUp(jtokkit, ours, inputs);
            for (Input input : inputs) {
                rows.add(measure(name, input, jtokkit, ours));
                Row row = rows.get(rows.size() - 1);
                System.out.printf("%-12s %-18s %10d %12.1f %12.1f %8.2fx %10d%n", name, input.name(), row.tokens(),
                        row.jtokkitMbps(), row.oursMbps(), row.ratio(), row.mismatches());
            }
        }
        System.out.println();
        System.out.println("MB/s per CPU-second of the benchmark thread, best of " + ROUNDS + " rounds each");
        System.out.printf("%-12s %-18s %10s %12s %12s %9s %10s%n", "encoding", "input", "tokens", "jtokkit MB/s", "ours MB/s", "ratio", "mismatches");
        for (Row row : rows) {
            System.out.printf("%-12s %-18s %10d %12.1f %12.1f %8.2fx %10d%n", row.encoding(), row.input().name(), row.tokens(),
                    row.jtokkitMbps(), row.oursMbps(), row.ratio(), row.mismatches());
        }
        double minSpeedup = rows.stream().filter(row -> !row.input().adversarial()).mapToDouble(Row::ratio).min().orElse(0);
        double minAdversarial = rows.stream().filter(row -> row.input().adversarial()).mapToDouble(Row::ratio).min().orElse(0);
        System.out.printf("adversarial inputs (linear-time check, not in the corpus minimum): min ratio %.2f%n", minAdversarial);
        long mismatches = rows.stream().mapToLong(Row::mismatches).sum();
        System.out.printf("RESULT tokenizer min_speedup_vs_jtokkit=%.2f mismatches=%d%n", minSpeedup, mismatches);
    }

    private static void warmUp(Encoding jtokkit, TiktokenEncoding ours, List<Input> inputs) {
        for (int round = 0; round < 2; round++) {
            for (Input input : inputs) {
                countAll(input, jtokkit::countTokensOrdinary);
                countAll(input, ours::count);
            }
        }
    }

    private static Row measure(String name, Input input, Encoding jtokkit, TiktokenEncoding ours) {
        long mismatches = 0;
        long tokens = 0;
        for (String text : input.texts()) {
            int[] expected = jtokkit.encodeOrdinary(text).toArray();
            if (!Arrays.equals(expected, ours.encode(text))) {
                mismatches++;
            }
            tokens += expected.length;
        }
        long bestJtokkit = Long.MAX_VALUE;
        long bestOurs = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            bestJtokkit = Math.min(bestJtokkit, time(input, jtokkit::countTokensOrdinary, tokens));
            bestOurs = Math.min(bestOurs, time(input, ours::count, tokens));
        }
        return new Row(name, input, tokens, input.bytes() / 1e6 / (bestJtokkit / 1e9), input.bytes() / 1e6 / (bestOurs / 1e9), mismatches);
    }

    /** CPU nanoseconds to count every text; the ids were compared already, so a wrong total is a bug. */
    private static long time(Input input, ToIntFunction<String> counter, long expectedTokens) {
        long start = THREADS.getCurrentThreadCpuTime();
        long tokens = countAll(input, counter);
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (tokens != expectedTokens) {
            throw new IllegalStateException(input.name() + ": counted " + tokens + " tokens, expected " + expectedTokens);
        }
        return elapsed;
    }

    private static long countAll(Input input, ToIntFunction<String> counter) {
        long tokens = 0;
        for (String text : input.texts()) {
            tokens += counter.applyAsInt(text);
        }
        return tokens;
    }

    private static String randomWord(int length) {
        Random random = new Random(1);
        char[] word = new char[length];
        for (int i = 0; i < length; i++) {
            word[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(word);
    }
}
