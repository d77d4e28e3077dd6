package dev.llmsuite.tokenizer.encodings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The caches behind an encoding are shared by all threads without locks, and full ones replace
 * entries while other threads read them. Threads that encode many more distinct pieces than the
 * caches hold, some of them the same pieces at the same time, still get jtokkit's ids for every
 * text.
 */
class ConcurrentEncodingTest {

    private static final int THREADS = 4;
    private static final int LINES_PER_THREAD = 12_000;
    private static final int WORDS_PER_LINE = 12;

    @Test
    void threadsThatOverflowTheSharedCachesGetJtokkitsIds() throws Exception {
        TiktokenEncoding fresh = freshCl100k();
        List<List<String>> texts = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            texts.add(lines(thread));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (List<String> lines : texts) {
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (String line : lines) {
                        int[] expected = Jtokkit.encodeOrdinary("cl100k_base", line);
                        JtokkitDifferentialTest.assertSameIds(expected, fresh.encode(line), line);
                        assertEquals(expected.length, fresh.count(line), line);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(LINES_PER_THREAD, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** An encoding with caches of its own, empty at the start. */
    private static TiktokenEncoding freshCl100k() throws IOException {
        TiktokenEncoding shared = Encodings.get("cl100k_base");
        try (InputStream in = Encodings.class.getResourceAsStream("/com/knuddels/jtokkit/cl100k_base.tiktoken")) {
            return TiktokenEncoding.fromTiktokenFile("cl100k_base", in, shared.preTokenizer(), shared.specialTokens());
        }
    }

    /**
     * Lines of random words, almost all new pieces of several tokens; every fourth word comes from
     * a small set that all threads share, so that they read and write the same cache slots.
     */
    private static List<String> lines(int thread) {
        Random random = new Random(31L * thread + 7);
        Random shared = new Random(thread);
        List<String> lines = new ArrayList<>(LINES_PER_THREAD);
        for (int line = 0; line < LINES_PER_THREAD; line++) {
            StringBuilder text = new StringBuilder();
            for (int word = 0; word < WORDS_PER_LINE; word++) {
                Random source = word % 4 == 0 ? new Random(shared.nextInt(500)) : random;
                text.append(' ');
                int length = 3 + source.nextInt(14);
                for (int i = 0; i < length; i++) {
                    text.append((char) ('a' + source.nextInt(26)));
                }
            }
            lines.add(text.toString());
        }
        return lines;
    }
}
