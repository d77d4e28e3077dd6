package dev.llmsuite.transformer.bench;

import dev.llmsuite.transformer.kernels.Parallel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The read bandwidth that bounds decoding: a streaming read of a buffer (every byte once per pass,
 * vector loads, summed so the work cannot be skipped) on the engine's own thread team, the best of
 * several passes. Decoding one token reads every weight once, so bytes per token divided by this
 * bandwidth is the least time a token can take: the roofline.
 */
final class MemoryBandwidth {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final long CHUNK = 1 << 20;
    /** A sum no one reads, written so that the JIT keeps the loads. */
    private static volatile float sink;

    private MemoryBandwidth() {
    }

    static {
        // Compile the read loop before anything is timed: interpreted, vector code runs a hundred times slower.
        try (Arena arena = Arena.ofShared()) {
            MemorySegment small = arena.allocate(CHUNK, 64);
            for (int pass = 0; pass < 300; pass++) {
                readAll(small);
            }
        }
    }

    /** Bytes per second reading a buffer of {@code bytes} (rounded up to whole MiB). */
    static double measure(long bytes) {
        long size = Math.max(CHUNK, (bytes + CHUNK - 1) / CHUNK * CHUNK);
        try (Arena arena = Arena.ofShared()) {
            // Shared: the thread team reads it.
            MemorySegment buffer = arena.allocate(size, 64);
            buffer.fill((byte) 1);
            MemorySegment shared = buffer.asReadOnly();
            double best = 0;
            long deadline = System.nanoTime() + 1_000_000_000L;
            for (int pass = 0; pass < 3 || (pass < 50 && System.nanoTime() < deadline); pass++) {
                long start = System.nanoTime();
                readAll(shared);
                best = Math.max(best, size * 1e9 / (System.nanoTime() - start));
            }
            return best;
        }
    }

    private static void readAll(MemorySegment buffer) {
        int chunks = Math.toIntExact(buffer.byteSize() / CHUNK);
        float[] sums = new float[chunks];
        Parallel.forRange(chunks, CHUNK, (from, to) -> {
            for (int c = from; c < to; c++) {
                sums[c] = sum(buffer, c * CHUNK, CHUNK);
            }
        });
        float total = 0;
        for (float s : sums) {
            total += s;
        }
        sink = total;
    }

    /**
     * Four streams a quarter of the chunk apart, each into its own accumulator: the hardware
     * prefetchers follow several streams at once, as they do for the engine's kernels, which walk
     * four weight rows at a time (one stream reads noticeably slower from main memory).
     */
    private static float sum(MemorySegment buffer, long offset, long length) {
        long step = SPECIES.vectorByteSize();
        long quarter = length / 4;
        FloatVector a = FloatVector.zero(SPECIES);
        FloatVector b = FloatVector.zero(SPECIES);
        FloatVector c = FloatVector.zero(SPECIES);
        FloatVector d = FloatVector.zero(SPECIES);
        for (long at = offset, end = offset + quarter; at < end; at += step) {
            a = a.add(FloatVector.fromMemorySegment(SPECIES, buffer, at, ByteOrder.LITTLE_ENDIAN));
            b = b.add(FloatVector.fromMemorySegment(SPECIES, buffer, at + quarter, ByteOrder.LITTLE_ENDIAN));
            c = c.add(FloatVector.fromMemorySegment(SPECIES, buffer, at + 2 * quarter, ByteOrder.LITTLE_ENDIAN));
            d = d.add(FloatVector.fromMemorySegment(SPECIES, buffer, at + 3 * quarter, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }

    /** The last-level cache of the first CPU, from sysfs; 8 MiB when the kernel does not say. */
    static long lastLevelCacheBytes() {
        for (int index = 4; index >= 0; index--) {
            Path size = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + index + "/size");
            try {
                if (Files.isReadable(size)) {
                    String text = Files.readString(size).strip();
                    long factor = text.endsWith("K") ? 1 << 10 : text.endsWith("M") ? 1 << 20 : 1;
                    return Long.parseLong(text.replaceAll("[KM]$", "")) * factor;
                }
            } catch (IOException | NumberFormatException e) {
                return 8L << 20;
            }
        }
        return 8L << 20;
    }
}
