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
 * Dot products of one stored weight row (in the memory-mapped file) with an activation vector,
 * one method per storage type, on the widest SIMD registers the CPU has.
 *
 * <p>System property {@code llmsuite.engine.vector-bits} narrows them (e.g. 256 on an AVX-512
 * machine): the lanes decide the order in which a product adds up, so a 512-bit machine rounds
 * differently from a 256-bit one, and with a random model's near-ties the greedy text can part.
 * The tests pin 256 bits, as they pin llama.cpp's AVX2 variant, so that their fixtures hold on
 * every machine; a fleet that wants the same text from the same seed on every server pins it too.
 * Unpinned, the wide registers pay: 512-bit Q8_0 decode is 1.8x faster on AMD Zen 4.
 *
 * <p>Every weight-row kernel adds in a fixed order that does not depend on how many rows or
 * positions are computed together (see {@link #sumLanes}); Q8_0 and Q4_0 rows are in
 * {@link Q8Dot}.
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

    /**
     * Sum of w[i] * x[xOffset + i] over n floats of a row starting at byte {@code wOffset}: one
     * accumulator, in the order of {@link #f32Rows4} and {@link #f32Rows4x2}, so that a row's
     * result does not depend on which of them computed it.
     */
    public static float f32(MemorySegment w, long wOffset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            acc = FloatVector.fromMemorySegment(F, w, wOffset + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += w.get(ValueLayout.JAVA_FLOAT_UNALIGNED, wOffset + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Four consecutive stored rows (each {@code rowBytes} long) times two activation vectors
     * ({@code xStride} apart): {@code results[row * 2 + position]}. Used for prompt batches: every
     * loaded weight vector serves two positions and every activation vector four rows, so the loop
     * issues fewer loads per multiply-add than one dot product at a time.
     */
    public static void f32Rows4x2(MemorySegment w, long wOffset, long rowBytes, float[] x, int xOffset, int xStride, int n,
                                  float[] lanes, float[] results) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F);
        FloatVector a11 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F);
        FloatVector a21 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F);
        FloatVector a31 = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector x0 = FloatVector.fromArray(F, x, xOffset + i);
            FloatVector x1 = FloatVector.fromArray(F, x, xOffset + xStride + i);
            long at = wOffset + 4L * i;
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, at, LE);
            a00 = w0.fma(x0, a00);
            a01 = w0.fma(x1, a01);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, at + rowBytes, LE);
            a10 = w1.fma(x0, a10);
            a11 = w1.fma(x1, a11);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, at + 2 * rowBytes, LE);
            a20 = w2.fma(x0, a20);
            a21 = w2.fma(x1, a21);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, at + 3 * rowBytes, LE);
            a30 = w3.fma(x0, a30);
            a31 = w3.fma(x1, a31);
        }
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, F.length());
        a10.intoArray(lanes, 2 * F.length());
        a11.intoArray(lanes, 3 * F.length());
        a20.intoArray(lanes, 4 * F.length());
        a21.intoArray(lanes, 5 * F.length());
        a30.intoArray(lanes, 6 * F.length());
        a31.intoArray(lanes, 7 * F.length());
        sumStoredLanes(lanes, 8, results, 0);
        for (; i < n; i++) {
            for (int r = 0; r < 4; r++) {
                float weight = w.get(ValueLayout.JAVA_FLOAT_UNALIGNED, wOffset + r * rowBytes + 4L * i);
                results[2 * r] += weight * x[xOffset + i];
                results[2 * r + 1] += weight * x[xOffset + xStride + i];
            }
        }
    }

    /**
     * Whether the CPU has 32 vector registers (AVX-512 has, AVX2 has 16): sixteen accumulators,
     * four weight and four activation vectors then fit without spilling, so
     * {@link #f32Rows4x4} pays.
     */
    public static final boolean WIDE_TILES = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    /**
     * Four stored rows ({@code rowBytes} apart) times four activation vectors ({@code xStride}
     * apart) into {@code results[row * 4 + position]}: eight loads per sixteen multiply-adds,
     * against six per eight in {@link #f32Rows4x2}. Every chain is {@link #f32}'s, so the results
     * are bit for bit its own.
     */
    public static void f32Rows4x4(MemorySegment w, long wOffset, long rowBytes, float[] x, int xOffset, int xStride, int n,
                                  float[] lanes, float[] results) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F);
        FloatVector a02 = FloatVector.zero(F);
        FloatVector a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F);
        FloatVector a11 = FloatVector.zero(F);
        FloatVector a12 = FloatVector.zero(F);
        FloatVector a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F);
        FloatVector a21 = FloatVector.zero(F);
        FloatVector a22 = FloatVector.zero(F);
        FloatVector a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F);
        FloatVector a31 = FloatVector.zero(F);
        FloatVector a32 = FloatVector.zero(F);
        FloatVector a33 = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector x0 = FloatVector.fromArray(F, x, xOffset + i);
            FloatVector x1 = FloatVector.fromArray(F, x, xOffset + xStride + i);
            FloatVector x2 = FloatVector.fromArray(F, x, xOffset + 2 * xStride + i);
            FloatVector x3 = FloatVector.fromArray(F, x, xOffset + 3 * xStride + i);
            long at = wOffset + 4L * i;
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, at, LE);
            a00 = w0.fma(x0, a00);
            a01 = w0.fma(x1, a01);
            a02 = w0.fma(x2, a02);
            a03 = w0.fma(x3, a03);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, at + rowBytes, LE);
            a10 = w1.fma(x0, a10);
            a11 = w1.fma(x1, a11);
            a12 = w1.fma(x2, a12);
            a13 = w1.fma(x3, a13);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, at + 2 * rowBytes, LE);
            a20 = w2.fma(x0, a20);
            a21 = w2.fma(x1, a21);
            a22 = w2.fma(x2, a22);
            a23 = w2.fma(x3, a23);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, at + 3 * rowBytes, LE);
            a30 = w3.fma(x0, a30);
            a31 = w3.fma(x1, a31);
            a32 = w3.fma(x2, a32);
            a33 = w3.fma(x3, a33);
        }
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, F.length());
        a02.intoArray(lanes, 2 * F.length());
        a03.intoArray(lanes, 3 * F.length());
        a10.intoArray(lanes, 4 * F.length());
        a11.intoArray(lanes, 5 * F.length());
        a12.intoArray(lanes, 6 * F.length());
        a13.intoArray(lanes, 7 * F.length());
        a20.intoArray(lanes, 8 * F.length());
        a21.intoArray(lanes, 9 * F.length());
        a22.intoArray(lanes, 10 * F.length());
        a23.intoArray(lanes, 11 * F.length());
        a30.intoArray(lanes, 12 * F.length());
        a31.intoArray(lanes, 13 * F.length());
        a32.intoArray(lanes, 14 * F.length());
        a33.intoArray(lanes, 15 * F.length());
        sumStoredLanes(lanes, 16, results, 0);
        for (; i < n; i++) {
            for (int r = 0; r < 4; r++) {
                float weight = w.get(ValueLayout.JAVA_FLOAT_UNALIGNED, wOffset + r * rowBytes + 4L * i);
                for (int p = 0; p < 4; p++) {
                    results[4 * r + p] += weight * x[xOffset + p * xStride + i];
                }
            }
        }
    }

    /**
     * Four stored rows ({@code rowBytes} apart) times one activation vector:
     * {@code results[row]}. Each activation load serves four rows, and four memory streams are
     * in flight at once.
     */
    public static void f32Rows4(MemorySegment w, long wOffset, long rowBytes, float[] x, int xOffset, int n, float[] lanes,
                                float[] results) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xOffset + i);
            long at = wOffset + 4L * i;
            a0 = FloatVector.fromMemorySegment(F, w, at, LE).fma(xv, a0);
            a1 = FloatVector.fromMemorySegment(F, w, at + rowBytes, LE).fma(xv, a1);
            a2 = FloatVector.fromMemorySegment(F, w, at + 2 * rowBytes, LE).fma(xv, a2);
            a3 = FloatVector.fromMemorySegment(F, w, at + 3 * rowBytes, LE).fma(xv, a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, F.length());
        a2.intoArray(lanes, 2 * F.length());
        a3.intoArray(lanes, 3 * F.length());
        sumStoredLanes(lanes, 4, results, 0);
        for (; i < n; i++) {
            for (int r = 0; r < 4; r++) {
                results[r] += w.get(ValueLayout.JAVA_FLOAT_UNALIGNED, wOffset + r * rowBytes + 4L * i) * x[xOffset + i];
            }
        }
    }

    /** Half-precision row; {@code x} should already be rounded to half precision to match llama.cpp. */
    public static float f16(MemorySegment w, long wOffset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            ShortVector halves = ShortVector.fromMemorySegment(SHORTS, w, wOffset + 2L * i, LE);
            acc = halfToFloat(halves).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, wOffset + 2L * i)) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Widens IEEE half floats without a lookup: shifting exponent and mantissa into float position
     * and multiplying by 2^112 rebiases the exponent exactly, subnormals included (weights hold no
     * infinities or NaNs).
     */
    private static FloatVector halfToFloat(ShortVector halves) {
        IntVector bits = (IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector magnitude = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        return magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
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
