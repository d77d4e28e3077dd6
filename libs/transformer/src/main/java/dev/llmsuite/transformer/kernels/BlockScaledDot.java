package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.VectorDot.BYTES;
import static dev.llmsuite.transformer.kernels.VectorDot.F;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Dot products of quantized weight rows that were unpacked once into floats holding their small
 * integers (one scale per 32 values kept aside) with Q8_0-quantized activations: how a batch
 * reuses one unpacking of a tile of rows for every position.
 *
 * <p>The arithmetic is that of {@link VectorDot#q8_0} and {@link VectorDot#q4_0}, step for step:
 * per block, integer products summed lane by lane (exact in float, so their order cannot matter),
 * then the block's sum times the product of the two scales added to one accumulator, and the
 * lanes summed at the end. A row's result is therefore bit-identical whether it was computed alone
 * from the packed bytes or here inside a batch.
 */
public final class BlockScaledDot {

    private static final int BLOCK = 32;

    private BlockScaledDot() {
    }

    /**
     * Unpacks {@code n} values of a Q8_0 row at byte {@code wOffset} (per 32 values: a half-precision
     * scale, 32 signed bytes) into {@code values[at ...]} as floats, its scales into {@code scales[scaleAt ...]}.
     */
    public static void unpackQ8_0(MemorySegment w, long wOffset, int n, float[] values, int at, float[] scales, int scaleAt) {
        for (int b = 0; b < n / BLOCK; b++) {
            long block = wOffset + 34L * b;
            scales[scaleAt + b] = Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, block));
            for (int j = 0; j < BLOCK; j += F.length()) {
                ByteVector.fromMemorySegment(BYTES, w, block + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(values, at + b * BLOCK + j);
            }
        }
    }

    /**
     * Unpacks a Q4_0 row (per 32 values: a half-precision scale, 16 bytes; value j is the low
     * nibble of byte j, value j + 16 the high nibble, both offset by 8), like {@link #unpackQ8_0}.
     */
    public static void unpackQ4_0(MemorySegment w, long wOffset, int n, float[] values, int at, float[] scales, int scaleAt) {
        int half = BLOCK / 2;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = wOffset + 18L * b;
            scales[scaleAt + b] = Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, block));
            for (int j = 0; j < half; j += F.length()) {
                ByteVector packed = ByteVector.fromMemorySegment(BYTES, w, block + 2 + j, ByteOrder.LITTLE_ENDIAN);
                packed.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats()
                        .intoArray(values, at + b * BLOCK + j);
                packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0)
                        .reinterpretAsFloats().intoArray(values, at + b * BLOCK + half + j);
            }
        }
    }

    /** One unpacked row ({@code n} values from {@code wOffset}, scales from {@code wScale}) times one activation. */
    public static float dot(float[] w, int wOffset, float[] wScales, int wScale, float[] xq, float[] xScales, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int xBlock = xOffset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            FloatVector blockSum = FloatVector.zero(F);
            for (int j = 0; j < BLOCK; j += F.length()) {
                blockSum = FloatVector.fromArray(F, w, wOffset + b * BLOCK + j).fma(FloatVector.fromArray(F, xq, xOffset + b * BLOCK + j), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F, wScales[wScale + b] * xScales[xBlock + b]), acc);
        }
        return Lanes.sum(acc);
    }

    /**
     * Four unpacked rows ({@code rowStride} floats and {@code scaleStride} scales apart) times two
     * activations ({@code xStride} apart): {@code results[row * 2 + position]}. Each loaded weight
     * vector serves two positions and each activation vector four rows.
     */
    public static void rows4x2(float[] w, int wOffset, int rowStride, float[] wScales, int wScale, int scaleStride,
                               float[] xq, float[] xScales, int xOffset, int xStride, int n, float[] results) {
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
                FloatVector w0 = FloatVector.fromArray(F, w, wOffset + j);
                s00 = w0.fma(x0, s00);
                s01 = w0.fma(x1, s01);
                FloatVector w1 = FloatVector.fromArray(F, w, wOffset + rowStride + j);
                s10 = w1.fma(x0, s10);
                s11 = w1.fma(x1, s11);
                FloatVector w2 = FloatVector.fromArray(F, w, wOffset + 2 * rowStride + j);
                s20 = w2.fma(x0, s20);
                s21 = w2.fma(x1, s21);
                FloatVector w3 = FloatVector.fromArray(F, w, wOffset + 3 * rowStride + j);
                s30 = w3.fma(x0, s30);
                s31 = w3.fma(x1, s31);
            }
            float x0Scale = xScales[x0Block + b];
            float x1Scale = xScales[x1Block + b];
            float w0Scale = wScales[wScale + b];
            float w1Scale = wScales[wScale + scaleStride + b];
            float w2Scale = wScales[wScale + 2 * scaleStride + b];
            float w3Scale = wScales[wScale + 3 * scaleStride + b];
            a00 = s00.fma(FloatVector.broadcast(F, w0Scale * x0Scale), a00);
            a01 = s01.fma(FloatVector.broadcast(F, w0Scale * x1Scale), a01);
            a10 = s10.fma(FloatVector.broadcast(F, w1Scale * x0Scale), a10);
            a11 = s11.fma(FloatVector.broadcast(F, w1Scale * x1Scale), a11);
            a20 = s20.fma(FloatVector.broadcast(F, w2Scale * x0Scale), a20);
            a21 = s21.fma(FloatVector.broadcast(F, w2Scale * x1Scale), a21);
            a30 = s30.fma(FloatVector.broadcast(F, w3Scale * x0Scale), a30);
            a31 = s31.fma(FloatVector.broadcast(F, w3Scale * x1Scale), a31);
        }
        results[0] = Lanes.sum(a00);
        results[1] = Lanes.sum(a01);
        results[2] = Lanes.sum(a10);
        results[3] = Lanes.sum(a11);
        results[4] = Lanes.sum(a20);
        results[5] = Lanes.sum(a21);
        results[6] = Lanes.sum(a30);
        results[7] = Lanes.sum(a31);
    }
}
