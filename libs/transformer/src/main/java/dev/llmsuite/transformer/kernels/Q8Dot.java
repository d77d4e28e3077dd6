package dev.llmsuite.transformer.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 and Q4_0 rows (blocks of 32 values and a half-precision scale) times activations quantized
 * to Q8_0 as llama.cpp does it (integer values per 32-block and one scale per block, see
 * {@code tensor.Quantization}). The products of small integers are exact in float, and so are
 * each lane's sums within a block; lane l of a block sums the values at positions l, l + F, ...
 * in every kernel here, and the block's lanes are then scaled into per-lane accumulators. The
 * kernels that read rows expanded to floats ({@link #q8_0Expanded}) thereby compute exactly what
 * the ones that read the stored bytes do.
 */
public final class Q8Dot {

    private static final VectorSpecies<Float> F = VectorDot.F;
    /**
     * One byte per float lane. There is no 32-bit shape, so with 128-bit floats the bytes come
     * from a 64-bit vector loaded under a mask of its first four lanes (the last block of a
     * tensor has no bytes to spare after it).
     */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F.length() * 8)));
    private static final VectorMask<Byte> FLOAT_LANES = BYTES.indexInRange(0, F.length());
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int BLOCK = 32;

    private Q8Dot() {
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
                ByteVector q = bytes(w, block + 2 + j);
                FloatVector wv = (FloatVector) q.convertShape(VectorOperators.B2F, F, 0);
                blockSum = wv.fma(FloatVector.fromArray(F, xq, xOffset + b * BLOCK + j), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, scale), acc);
        }
        return VectorDot.sumLanes(acc);
    }

    /**
     * Four Q8_0 rows ({@code rowBytes} apart) against the same activation: four memory streams in
     * flight, each activation vector loaded once for all four, and four independent chains. Per
     * row the arithmetic is exactly that of {@link #q8_0}.
     */
    public static void q8_0Rows4(MemorySegment w, long wOffset, long rowBytes, float[] xq, float[] xScale, int xOffset, int n,
                                 float[] lanes, float[] results) {
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
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, F.length());
        acc2.intoArray(lanes, 2 * F.length());
        acc3.intoArray(lanes, 3 * F.length());
        VectorDot.sumStoredLanes(lanes, 4, results, 0);
    }

    private static FloatVector expand(MemorySegment w, long offset) {
        return (FloatVector) bytes(w, offset).convertShape(VectorOperators.B2F, F, 0);
    }

    private static ByteVector bytes(MemorySegment w, long offset) {
        return BYTES.length() == F.length() ? ByteVector.fromMemorySegment(BYTES, w, offset, LE)
                : ByteVector.fromMemorySegment(BYTES, w, offset, LE, FLOAT_LANES);
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
                ByteVector packed = bytes(w, block + 2 + j);
                ByteVector low = packed.and((byte) 0x0F).sub((byte) 8);
                ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8);
                blockSum = ((FloatVector) low.convertShape(VectorOperators.B2F, F, 0)).fma(FloatVector.fromArray(F, xq, x + j), blockSum);
                blockSum = ((FloatVector) high.convertShape(VectorOperators.B2F, F, 0)).fma(FloatVector.fromArray(F, xq, x + half + j), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, scale), acc);
        }
        return VectorDot.sumLanes(acc);
    }

    /**
     * A row expanded to its integer levels as floats ({@code levels[wOffset ...]}) and its block
     * scales ({@code scales[sOffset ...]}, already widened to float), times a Q8_0 activation:
     * the arithmetic of {@link #q8_0} and {@link #q4_0}, without unpacking the row again for
     * every position of a prompt.
     */
    public static float q8_0Expanded(float[] levels, int wOffset, float[] scales, int sOffset, float[] xq, float[] xScale, int xOffset,
                                     int n) {
        FloatVector acc = FloatVector.zero(F);
        int xBlock = xOffset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            float scale = scales[sOffset + b] * xScale[xBlock + b];
            FloatVector blockSum = FloatVector.zero(F);
            for (int j = 0; j < BLOCK; j += F.length()) {
                int at = b * BLOCK + j;
                blockSum = FloatVector.fromArray(F, levels, wOffset + at).fma(FloatVector.fromArray(F, xq, xOffset + at), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, scale), acc);
        }
        return VectorDot.sumLanes(acc);
    }
    /**
     * Four expanded rows ({@code rowStride} floats and {@code scaleStride} scales apart) times two
     * activations ({@code xStride} apart) into {@code results[row * 2 + position]}: each weight
     * vector loaded serves two positions and each activation vector four rows. Every one of the
     * eight chains is {@link #q8_0Expanded}'s arithmetic, so the results are bit for bit its own.
     */
    public static void q8_0ExpandedRows4x2(float[] levels, int wOffset, int rowStride, float[] scales, int sOffset, int scaleStride,
                                           float[] xq, float[] xScale, int xOffset, int xStride, int n, float[] lanes,
                                           float[] results) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F);
        FloatVector a11 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F);
        FloatVector a21 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F);
        FloatVector a31 = FloatVector.zero(F);
        int x0Block = xOffset / BLOCK;
        int x1Block = (xOffset + xStride) / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            FloatVector s00 = FloatVector.zero(F);
            FloatVector s01 = FloatVector.zero(F);
            FloatVector s10 = FloatVector.zero(F);
            FloatVector s11 = FloatVector.zero(F);
            FloatVector s20 = FloatVector.zero(F);
            FloatVector s21 = FloatVector.zero(F);
            FloatVector s30 = FloatVector.zero(F);
            FloatVector s31 = FloatVector.zero(F);
            for (int j = b * BLOCK; j < (b + 1) * BLOCK; j += F.length()) {
                FloatVector x0 = FloatVector.fromArray(F, xq, xOffset + j);
                FloatVector x1 = FloatVector.fromArray(F, xq, xOffset + xStride + j);
                FloatVector w0 = FloatVector.fromArray(F, levels, wOffset + j);
                s00 = w0.fma(x0, s00);
                s01 = w0.fma(x1, s01);
                FloatVector w1 = FloatVector.fromArray(F, levels, wOffset + rowStride + j);
                s10 = w1.fma(x0, s10);
                s11 = w1.fma(x1, s11);
                FloatVector w2 = FloatVector.fromArray(F, levels, wOffset + 2 * rowStride + j);
                s20 = w2.fma(x0, s20);
                s21 = w2.fma(x1, s21);
                FloatVector w3 = FloatVector.fromArray(F, levels, wOffset + 3 * rowStride + j);
                s30 = w3.fma(x0, s30);
                s31 = w3.fma(x1, s31);
            }
            float x0Scale = xScale[x0Block + b];
            float x1Scale = xScale[x1Block + b];
            float w0Scale = scales[sOffset + b];
            float w1Scale = scales[sOffset + scaleStride + b];
            float w2Scale = scales[sOffset + 2 * scaleStride + b];
            float w3Scale = scales[sOffset + 3 * scaleStride + b];
            a00 = s00.fma(FloatVector.broadcast(F, w0Scale * x0Scale), a00);
            a01 = s01.fma(FloatVector.broadcast(F, w0Scale * x1Scale), a01);
            a10 = s10.fma(FloatVector.broadcast(F, w1Scale * x0Scale), a10);
            a11 = s11.fma(FloatVector.broadcast(F, w1Scale * x1Scale), a11);
            a20 = s20.fma(FloatVector.broadcast(F, w2Scale * x0Scale), a20);
            a21 = s21.fma(FloatVector.broadcast(F, w2Scale * x1Scale), a21);
            a30 = s30.fma(FloatVector.broadcast(F, w3Scale * x0Scale), a30);
            a31 = s31.fma(FloatVector.broadcast(F, w3Scale * x1Scale), a31);
        }
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, F.length());
        a10.intoArray(lanes, 2 * F.length());
        a11.intoArray(lanes, 3 * F.length());
        a20.intoArray(lanes, 4 * F.length());
        a21.intoArray(lanes, 5 * F.length());
        a30.intoArray(lanes, 6 * F.length());
        a31.intoArray(lanes, 7 * F.length());
        VectorDot.sumStoredLanes(lanes, 8, results, 0);
    }

    /**
     * A Q8_0 row of {@code n} values at byte {@code wOffset} as its integer levels (floats, into
     * {@code levels[at ...]}) and its block scales (into {@code scales[scaleAt ...]}): what
     * {@link #q8_0Expanded} reads, unpacked with vector loads once per tile of a batch.
     */
    public static void expandQ8_0(MemorySegment w, long wOffset, int n, float[] levels, int at, float[] scales, int scaleAt) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = wOffset + 34L * b;
            scales[scaleAt + b] = scale(w, block);
            for (int j = 0; j < BLOCK; j += F.length()) {
                expand(w, block + 2 + j).intoArray(levels, at + b * BLOCK + j);
            }
        }
    }

    /** The same for a Q4_0 row (levels are the nibbles minus 8, as in {@link #q4_0}). */
    public static void expandQ4_0(MemorySegment w, long wOffset, int n, float[] levels, int at, float[] scales, int scaleAt) {
        int half = BLOCK / 2;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = wOffset + 18L * b;
            scales[scaleAt + b] = scale(w, block);
            for (int j = 0; j < half; j += F.length()) {
                ByteVector packed = bytes(w, block + 2 + j);
                ((FloatVector) packed.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
                        .intoArray(levels, at + b * BLOCK + j);
                ((FloatVector) packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
                        .intoArray(levels, at + b * BLOCK + half + j);
            }
        }
    }
}
