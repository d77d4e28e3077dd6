package dev.llmsuite.transformer.bench;

import dev.llmsuite.transformer.kernels.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Memory read bandwidth as the engine's threads see it: a buffer of the given size summed with
 * vector loads by the shared worker team, best of a few passes. The roofline for decoding, which
 * reads every weight once per token.
 */
final class MemoryBandwidth {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {
    }

    /** Bytes per second / 1e9 for reading {@code bytes} bytes. */
    static double measure(long bytes) {
        try (Arena arena = Arena.ofShared()) {
            long chunk = 1 << 20;
            long size = Math.max(chunk, bytes / chunk * chunk);
            MemorySegment buffer = arena.allocate(size, 64);
            buffer.fill((byte) 1);
            MemorySegment shared = buffer.asReadOnly();
            int chunks = (int) (size / chunk);
            LongAdder sink = new LongAdder();
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < 8; pass++) {
                long start = System.nanoTime();
                Parallel.forRange(chunks, chunk, (from, to) -> {
                    LongVector acc = LongVector.zero(LONGS);
                    for (long at = from * chunk; at < to * chunk; at += LONGS.vectorByteSize()) {
                        acc = acc.add(LongVector.fromMemorySegment(LONGS, shared, at, ByteOrder.LITTLE_ENDIAN));
                    }
                    sink.add(acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD));
                });
                best = Math.min(best, System.nanoTime() - start);
            }
            return size / (double) best;
        }
    }
}
