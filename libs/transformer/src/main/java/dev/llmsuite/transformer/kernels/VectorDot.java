package dev.llmsuite.transformer.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of one stored half-float or brain-float weight row (in the memory-mapped file) with
 * an activation vector, and the lane sums that every row-wise float kernel ends with, on the
 * widest SIMD registers the CPU has. Float32 rows are repacked one row per lane
 * ({@link F32Matrix}), Q8_0 and Q4_0 rows are in {@link Q8Matrix} and {@link Q8Dot}.
 *
 * <p>System property {@code llmsuite.engine.vector-bits} narrows them (e.g. 256 on an AVX-512
 * machine): the lanes decide the order in which a product adds up, so a 512-bit machine rounds
 * differently from a 256-bit one, and with a random model's near-ties the greedy text can part.
 * The tests pin 256 bits, as they pin llama.cpp's AVX2 variant, so that their fixtures hold on
 * every machine; a fleet that wants the same text from the same seed on every server pins it too.
 * The same width serves attention ({@link KeyScores}, {@link VectorAxpy}).
 *
 * <p>Every kernel adds in a fixed order that does not depend on how many rows or positions are
 * computed together (see {@link #sumLanes}).
 */
public final class VectorDot {

    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(128, Math.min(
            FloatVector.SPECIES_PREFERRED.vectorBitSize(),
            Integer.getInteger("llmsuite.engine.vector-bits", FloatVector.SPECIES_PREFERRED.vectorBitSize())))));
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(F.length() * 16));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, F.vectorShape());
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private VectorDot() {
    }

    /** Half-precision row; {@code x} should already be rounded to half precision to match llama.cpp. */
    public static float f16(MemorySegment w, long wOffset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            ShortVector halves = ShortVector.fromMemorySegment(SHORTS, w, wOffset + 2L * i, LE);
            // Widened as the half-float KV-cache is (PairedHalves.HALF_BITS): exact for
            // every finite half, subnormals included (weights hold no infinities or NaNs).
            IntVector bits = (IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0);
            FloatVector widened = bits.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(PairedHalves.HALF_BITS)
                    .reinterpretAsFloats().mul(PairedHalves.REBIAS);
            acc = widened.fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, wOffset + 2L * i)) * x[xOffset + i];
        }
        return sum;
    }

    /** Brain-float row: the upper 16 bits of a float. */
    public static float bf16(MemorySegment w, long wOffset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            ShortVector halves = ShortVector.fromMemorySegment(SHORTS, w, wOffset + 2L * i, LE);
            IntVector bits = ((IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16);
            acc = bits.reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += Float.intBitsToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, wOffset + 2L * i) << 16) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Scratch for the lanes of {@code accumulators} vectors: what the kernels with several
     * accumulators store them into before adding their lanes ({@link #sumStoredLanes}). The caller
     * allocates it once per range of rows, not once per call on the hot path.
     */
    public static float[] lanesFor(int accumulators) {
        return new float[accumulators * F.length()];
    }

    /**
     * {@link #sumLanes} of each of {@code count} accumulators stored one after another in
     * {@code lanes}, into {@code results[resultsOffset ...]}: the same order, but scalar loads and adds instead of
     * reading every lane out of its register, which for a kernel with sixteen accumulators cost
     * about a third of its time.
     */
    static void sumStoredLanes(float[] lanes, int count, float[] results, int resultsOffset) {
        int length = F.length();
        for (int k = 0; k < count; k++) {
            int at = k * length;
            float sum = lanes[at];
            for (int j = 1; j < length; j++) {
                sum += lanes[at + j];
            }
            results[resultsOffset + k] = sum;
        }
    }

    /**
     * The lanes of {@code v} added from the first to the last. {@code reduceLanes(ADD)} on floats
     * may add in any order, and the compiled intrinsic and the interpreter's fallback do differ,
     * so a row's result could change once the JIT compiles a kernel; a fixed order keeps every
     * result reproducible. Each lane is read at a constant index (the species' length is a
     * constant, so the tests fold away): C2 compiles a lane read at a variable index to a slow
     * general path, where a short dot product (an attention score) spends more time than multiplying.
     */
    static float sumLanes(FloatVector v) {
        float sum = v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3);
        if (v.length() > 4) {
            sum = sum + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7);
        }
        if (v.length() > 8) {
            sum = sum + v.lane(8) + v.lane(9) + v.lane(10) + v.lane(11) + v.lane(12) + v.lane(13) + v.lane(14) + v.lane(15);
        }
        return sum;
    }
}
