package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WeightMemoryTest {

    /**
     * More than the JVM's direct-memory limit (by default the maximum heap), which an arena could
     * not allocate: repacked weights are limited by the machine's memory, not the heap setting.
     * Untouched pages of an anonymous mapping cost nothing, so only a few are written.
     */
    @Test
    void mapsMoreThanTheDirectMemoryLimitZeroedAndWritable() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"), "anonymous mappings are used on Linux");
        long bytes = Runtime.getRuntime().maxMemory() + (64L << 20);
        MemorySegment memory = WeightMemory.allocate(bytes);
        assertEquals(bytes, memory.byteSize());
        assertEquals(0, memory.address() % 64, "aligned for vector loads");
        for (long at : new long[] {0, bytes / 2, bytes - 4}) {
            assertEquals(0f, memory.get(ValueLayout.JAVA_FLOAT_UNALIGNED, at));
            memory.set(ValueLayout.JAVA_FLOAT_UNALIGNED, at, 1.5f);
            assertEquals(1.5f, memory.get(ValueLayout.JAVA_FLOAT_UNALIGNED, at));
        }
    }
}
