package dev.llmsuite.tokenizer.encodings;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worst-case inputs encode in time proportional to their length (up to a log factor): eight times
 * the input must take well under 64 times as long, which is what a quadratic merge loop would
 * take. The bound, 32, leaves room for cache effects (the larger input's merge heap and lists,
 * tens of MB, no longer fit in cache: on a busy two-core machine one long word measured 22x to 28x)
 * while staying half of the quadratic 64x; time is this thread's CPU time.
 */
class LinearTimeTest {

    private static final int KB = 1 << 10;
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    @Test
    void oneRepeatedLetter() {
        assertLinear("a", size -> "a".repeat(size));
    }

    @Test
    void oneLongWordWithoutSpaces() {
        assertLinear("word", size -> LongWord.of(size, 3));
    }

    @Test
    void oneLongRunOfSpaces() {
        assertLinear("spaces", size -> " ".repeat(size));
    }

    private static void assertLinear(String what, IntFunction<String> text) {
        TiktokenEncoding cl100k = Encodings.get("cl100k_base");
        String small = text.apply(128 * KB);
        String large = text.apply(1024 * KB);
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            cl100k.count(small);
        }
        long smallNanos = bestOf(3, () -> cl100k.count(small));
        long largeNanos = bestOf(3, () -> cl100k.count(large));
        double ratio = (double) largeNanos / smallNanos;
        assertTrue(ratio < 32, what + ": 8x the input took " + ratio + "x the time");
    }

    private static long bestOf(int runs, IntSupplier work) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = THREAD.getCurrentThreadCpuTime();
            work.getAsInt();
            best = Math.min(best, THREAD.getCurrentThreadCpuTime() - start);
        }
        return best;
    }
}
