package dev.llmsuite.transformer.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
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
 * <p>Quantized rows are multiplied with activations quantized the same way llama.cpp does it
 * (integer values per 32-block and one scale per block, see {@code tensor.Quantization}): the
 * products of small integers are exact in float, so only the per-block scaling rounds.
 *
 * <p>Lanes are summed with {@link Lanes#sum}, never {@code reduceLanes(ADD)}, and the multi-row
 * variants keep the single-row arithmetic per row: a kernel must give a row the same bits in
 * every JIT tier and every batch size (see {@code tensor.WeightMatrix}).
 */
public final class VectorDot {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(F.length() * 16));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, F.vectorShape());
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int BLOCK = 32;

    private VectorDot() {
    }

    /**
     * Sum of w[i] * x[xOffset + i] over n floats of a row starting at byte {@code wOffset}, in the
     * order every float32 weight kernel here uses for one (row, position): one vector accumulator
     * over the SIMD part, its lanes summed, then the remaining columns one by one. {@link #f32Rows4}
     * and {@link #f32Rows4x2} keep exactly this order per pair, so a row's result does not depend
     * on which kernel computed it, which is what makes a sequence's output independent of its batch.
     */
    public static float f32(MemorySegment w, long wOffset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            acc = FloatVector.fromMemorySegment(F, w, wOffset + 4L * i, LE).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = Lanes.sum(acc);
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
    public static void f32Rows4x2(MemorySegment w, long wOffset, long rowBytes, float[] x, int xOffset, int xStride, int n, float[] results) {
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
        results[0] = Lanes.sum(a00);
        results[1] = Lanes.sum(a01);
        results[2] = Lanes.sum(a10);
        results[3] = Lanes.sum(a11);
        results[4] = Lanes.sum(a20);
        results[5] = Lanes.sum(a21);
        results[6] = Lanes.sum(a30);
        results[7] = Lanes.sum(a31);
        for (; i < n; i++) {
            for (int r = 0; r < 4; r++) {
                float weight = w.get(ValueLayout.JAVA_FLOAT_UNALIGNED, wOffset + r * rowBytes + 4L * i);
                results[2 * r] += weight * x[xOffset + i];
                results[2 * r + 1] += weight * x[xOffset + xStride + i];
            }
        }
    }

    /**
     * Four stored rows ({@code rowBytes} apart) times one activation vector:
     * {@code results[row]}. Each activation load serves four rows, and four memory streams are
     * in flight at once.
     */
    public static void f32Rows4(MemorySegment w, long wOffset, long rowBytes, float[] x, int xOffset, int n, float[] results) {
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
        results[0] = Lanes.sum(a0);
        results[1] = Lanes.sum(a1);
        results[2] = Lanes.sum(a2);
        results[3] = Lanes.sum(a3);
        for (; i < n; i++) {
            for (int r = 0; r < 4; r++) {
                results[r] += w.get(ValueLayout.JAVA_FLOAT_UNALIGNED, wOffset + r * rowBytes + 4L * i) * x[xOffset + i];
            }
        }
    }

    /** Sum of a[i] * b[i] over float arrays (attention: queries against cached keys). */
    public static float f32(float[] a, int aOffset, float[] b, int bOffset, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int step = F.length();
        int i = 0;
        for (int upper = n - 2 * step; i <= upper; i += 2 * step) {
            acc0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOffset + i + step).fma(FloatVector.fromArray(F, b, bOffset + i + step), acc1);
        }
        for (int upper = F.loopBound(n); i < upper; i += step) {
            acc0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc0);
        }
        float sum = Lanes.sum(acc0.add(acc1));
        for (; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    /** Half-precision row; {@code x} should already be rounded to half precision to match llama.cpp. */
    public static float f16(MemorySegment w, long wOffset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            ShortVector halves = ShortVector.fromMemorySegment(SHORTS, w, wOffset + 2L * i, LE);
            acc = halfToFloat(halves).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = Lanes.sum(acc);
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
        float sum = Lanes.sum(acc);
        for (; i < n; i++) {
            sum += Float.intBitsToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, wOffset + 2L * i) << 16) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Q8_0 row (per 32 values: half-precision scale, 32 signed bytes) times a Q8_0-quantized
     * activation given as integer values {@code xq} and per-block scales {@code xScale}.
     */
    public static float q8_0(MemorySegment w, long wOffset, float[] xq, float[] xScale, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int blocks = n / BLOCK;
        int xBlock = xOffset / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long block = wOffset + 34L * b;
            float scale = Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, block)) * xScale[xBlock + b];
            FloatVector blockSum = FloatVector.zero(F);
            for (int j = 0; j < BLOCK; j += F.length()) {
                ByteVector q = ByteVector.fromMemorySegment(BYTES, w, block + 2 + j, LE);
                FloatVector wv = (FloatVector) q.convertShape(VectorOperators.B2F, F, 0);
                blockSum = wv.fma(FloatVector.fromArray(F, xq, xOffset + b * BLOCK + j), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, scale), acc);
        }
        return Lanes.sum(acc);
    }

    /**
     * Four Q8_0 rows ({@code rowBytes} apart) against the same activation: four memory streams in
     * flight, each activation vector loaded once for all four, and four independent chains. Per
     * row the arithmetic is exactly that of {@link #q8_0}.
     */
    public static void q8_0Rows4(MemorySegment w, long wOffset, long rowBytes, float[] xq, float[] xScale, int xOffset, int n, float[] results) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int blocks = n / BLOCK;
        int xBlock = xOffset / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long block0 = wOffset + 34L * b;
            float xs = xScale[xBlock + b];
            FloatVector sum0 = FloatVector.zero(F);
            FloatVector sum1 = FloatVector.zero(F);
            FloatVector sum2 = FloatVector.zero(F);
            FloatVector sum3 = FloatVector.zero(F);
            for (int j = 0; j < BLOCK; j += F.length()) {
                FloatVector x = FloatVector.fromArray(F, xq, xOffset + b * BLOCK + j);
                sum0 = expand(w, block0 + 2 + j).fma(x, sum0);
                sum1 = expand(w, block0 + rowBytes + 2 + j).fma(x, sum1);
                sum2 = expand(w, block0 + 2 * rowBytes + 2 + j).fma(x, sum2);
                sum3 = expand(w, block0 + 3 * rowBytes + 2 + j).fma(x, sum3);
            }
            acc0 = sum0.fma(FloatVector.broadcast(F, scale(w, block0) * xs), acc0);
            acc1 = sum1.fma(FloatVector.broadcast(F, scale(w, block0 + rowBytes) * xs), acc1);
            acc2 = sum2.fma(FloatVector.broadcast(F, scale(w, block0 + 2 * rowBytes) * xs), acc2);
            acc3 = sum3.fma(FloatVector.broadcast(F, scale(w, block0 + 3 * rowBytes) * xs), acc3);
        }
        results[0] = Lanes.sum(acc0);
        results[1] = Lanes.sum(acc1);
        results[2] = Lanes.sum(acc2);
        results[3] = Lanes.sum(acc3);
    }

    private static FloatVector expand(MemorySegment w, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(BYTES, w, offset, LE).convertShape(VectorOperators.B2F, F, 0);
    }

    private static float scale(MemorySegment w, long block) {
        return Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, block));
    }

    /**
     * Q4_0 row (per 32 values: half-precision scale, 16 bytes; value j is the low nibble of byte j,
     * value j+16 the high nibble, both offset by 8) times a Q8_0-quantized activation.
     */
    public static float q4_0(MemorySegment w, long wOffset, float[] xq, float[] xScale, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int blocks = n / BLOCK;
        int xBlock = xOffset / BLOCK;
        int half = BLOCK / 2;
        for (int b = 0; b < blocks; b++) {
            long block = wOffset + 18L * b;
            float scale = Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, block)) * xScale[xBlock + b];
            FloatVector blockSum = FloatVector.zero(F);
            int x = xOffset + b * BLOCK;
            for (int j = 0; j < half; j += F.length()) {
                ByteVector packed = ByteVector.fromMemorySegment(BYTES, w, block + 2 + j, LE);
                ByteVector low = packed.and((byte) 0x0F).sub((byte) 8);
                ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8);
                blockSum = ((FloatVector) low.convertShape(VectorOperators.B2F, F, 0)).fma(FloatVector.fromArray(F, xq, x + j), blockSum);
                blockSum = ((FloatVector) high.convertShape(VectorOperators.B2F, F, 0)).fma(FloatVector.fromArray(F, xq, x + half + j), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, scale), acc);
        }
        return Lanes.sum(acc);
    }
}
