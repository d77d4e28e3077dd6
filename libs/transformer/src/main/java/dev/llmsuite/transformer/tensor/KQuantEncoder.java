package dev.llmsuite.transformer.tensor;

import static dev.llmsuite.transformer.tensor.KQuantFit.nearestInt;

import dev.llmsuite.transformer.gguf.KQuantBlock;
import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes super-blocks of 256 floats into the K-quant layouts, following llama.cpp's reference
 * quantizers (the path without an importance matrix, which is what {@code llama-quantize} runs
 * when it is given none), so that a tensor encoded here has the same bytes as llama.cpp's.
 *
 * <p>Every type first fits each sub-block on its own (see {@link KQuantFit}), then quantizes the
 * sub-block scales against one half-precision super-block scale, and finally re-derives each
 * value's level from the scales as they will be decoded. Each method fills one block, given as
 * a segment of the type's block size at ggml's offsets (see {@link KQuantBlock}).
 */
final class KQuantEncoder {

    static final int SUPER_BLOCK = 256;

    private KQuantEncoder() {
    }

    /** Q2_K: 16 sub-blocks of 16 two-bit levels, a four-bit scale and a four-bit min each. */
    static void q2K(float[] x, int at, MemorySegment out) {
        byte[] levels = new byte[SUPER_BLOCK];
        float[] weights = new float[16];
        float[] scales = new float[16];
        float[] mins = new float[16];
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 16; j++) {
            for (int l = 0; l < 16; l++) {
                weights[l] = Math.abs(x[at + 16 * j + l]);
            }
            scales[j] = KQuantFit.scaleAndMin(16, 3, x, at + 16 * j, weights, levels, 16 * j, mins, j, -0.5f, 0.1f, 15, true);
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        if (maxScale > 0) {
            float inverse = 15f / maxScale;
            for (int j = 0; j < 16; j++) {
                out.set(ValueLayout.JAVA_BYTE, j, (byte) nearestInt(inverse * scales[j]));
            }
            putHalf(out, 80, maxScale / 15f);
        }
        if (maxMin > 0) {
            float inverse = 15f / maxMin;
            for (int j = 0; j < 16; j++) {
                orByte(out, j, nearestInt(inverse * mins[j]) << 4);
            }
            putHalf(out, 82, maxMin / 15f);
        }
        for (int j = 0; j < 16; j++) {
            float scale = KQuantBlock.d(TensorType.Q2_K, out, 0) * KQuantBlock.scale(TensorType.Q2_K, out, 0, j);
            if (scale == 0) {
                continue;
            }
            float min = KQuantBlock.dmin(TensorType.Q2_K, out, 0) * KQuantBlock.min(TensorType.Q2_K, out, 0, j);
            for (int l = 0; l < 16; l++) {
                levels[16 * j + l] = (byte) Math.max(0, Math.min(3, nearestInt((x[at + 16 * j + l] + min) / scale)));
            }
        }
        putCrumbs(levels, out, 16);
    }

    /**
     * Q3_K: 16 sub-blocks of 16 three-bit levels (two low bits in {@code qs}, the high bit in
     * {@code hmask}) and a signed six-bit scale each.
     */
    static void q3K(float[] x, int at, MemorySegment out) {
        byte[] levels = new byte[SUPER_BLOCK];
        float[] scales = new float[16];
        float maxScale = 0;
        float amax = 0;
        for (int j = 0; j < 16; j++) {
            scales[j] = KQuantFit.symmetricScaleIterated(16, 4, x, at + 16 * j, levels, 16 * j);
            if (Math.abs(scales[j]) > amax) {
                amax = Math.abs(scales[j]);
                maxScale = scales[j];
            }
        }
        if (maxScale != 0) {
            float inverse = -32f / maxScale;
            for (int j = 0; j < 16; j++) {
                int level = Math.max(-32, Math.min(31, (byte) nearestInt(inverse * scales[j]))) + 32;
                orByte(out, 96 + j % 8, (level & 0xF) << (j < 8 ? 0 : 4));
                orByte(out, 104 + j % 4, (level >> 4) << (2 * (j / 4)));
            }
            putHalf(out, 108, 1 / inverse);
        }
        for (int j = 0; j < 16; j++) {
            float scale = KQuantBlock.d(TensorType.Q3_K, out, 0) * KQuantBlock.scale(TensorType.Q3_K, out, 0, j);
            if (scale == 0) {
                continue;
            }
            for (int l = 0; l < 16; l++) {
                levels[16 * j + l] = (byte) (Math.max(-4, Math.min(3, nearestInt(x[at + 16 * j + l] / scale))) + 4);
            }
        }
        for (int j = 0; j < SUPER_BLOCK; j++) {
            if (levels[j] > 3) {
                orByte(out, j % 32, 1 << (j / 32));
                levels[j] -= 4;
            }
        }
        putCrumbs(levels, out, 32);
    }

    /** Q4_K: 8 sub-blocks of 32 four-bit levels, a six-bit scale and a six-bit min each. */
    static void q4K(float[] x, int at, MemorySegment out) {
        byte[] levels = new byte[SUPER_BLOCK];
        fitScalesAndMins(TensorType.Q4_K, x, at, levels, out, -1f, 20);
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                out.set(ValueLayout.JAVA_BYTE, 16 + 32 * chunk + l, (byte) (levels[64 * chunk + l] | levels[64 * chunk + l + 32] << 4));
            }
        }
    }

    /** Q5_K: as Q4_K with five-bit levels, the fifth bits kept in {@code qh}. */
    static void q5K(float[] x, int at, MemorySegment out) {
        byte[] levels = new byte[SUPER_BLOCK];
        fitScalesAndMins(TensorType.Q5_K, x, at, levels, out, -0.5f, 15);
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                int first = levels[64 * chunk + l];
                int second = levels[64 * chunk + 32 + l];
                orByte(out, 16 + l, (first >> 4) << (2 * chunk) | (second >> 4) << (2 * chunk + 1));
                out.set(ValueLayout.JAVA_BYTE, 48 + 32 * chunk + l, (byte) ((first & 0xF) | (second & 0xF) << 4));
            }
        }
    }

    /** Q6_K: 16 sub-blocks of 16 six-bit levels (low nibbles in {@code ql}, two high bits in {@code qh}), signed eight-bit scales. */
    static void q6K(float[] x, int at, MemorySegment out) {
        byte[] levels = new byte[SUPER_BLOCK];
        float[] scales = new float[16];
        float maxScale = 0;
        float maxAbsScale = 0;
        for (int j = 0; j < 16; j++) {
            scales[j] = KQuantFit.symmetricScale(16, 32, x, at + 16 * j, levels, 16 * j);
            if (Math.abs(scales[j]) > maxAbsScale) {
                maxAbsScale = Math.abs(scales[j]);
                maxScale = scales[j];
            }
        }
        if (maxAbsScale < KQuantFit.GROUP_MAX_EPS) {
            return;
        }
        float inverse = -128f / maxScale;
        putHalf(out, 208, 1 / inverse);
        for (int j = 0; j < 16; j++) {
            out.set(ValueLayout.JAVA_BYTE, 192 + j, (byte) Math.min(127, nearestInt(inverse * scales[j])));
        }
        for (int j = 0; j < 16; j++) {
            float scale = KQuantBlock.d(TensorType.Q6_K, out, 0) * KQuantBlock.scale(TensorType.Q6_K, out, 0, j);
            if (scale == 0) {
                continue;
            }
            for (int l = 0; l < 16; l++) {
                levels[16 * j + l] = (byte) (Math.max(-32, Math.min(31, nearestInt(x[at + 16 * j + l] / scale))) + 32);
            }
        }
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int base = 128 * half + l;
                out.set(ValueLayout.JAVA_BYTE, 64 * half + l, (byte) ((levels[base] & 0xF) | (levels[base + 64] & 0xF) << 4));
                out.set(ValueLayout.JAVA_BYTE, 64 * half + 32 + l, (byte) ((levels[base + 32] & 0xF) | (levels[base + 96] & 0xF) << 4));
                out.set(ValueLayout.JAVA_BYTE, 128 + 32 * half + l, (byte) (levels[base] >> 4 | (levels[base + 32] >> 4) << 2
                        | (levels[base + 64] >> 4) << 4 | (levels[base + 96] >> 4) << 6));
            }
        }
    }

    /** Two-bit levels, four per byte: byte l of each 128-value half holds values l, l+32, l+64, l+96. */
    private static void putCrumbs(byte[] levels, MemorySegment out, long offset) {
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int v = 128 * half + l;
                out.set(ValueLayout.JAVA_BYTE, offset + 32 * half + l,
                        (byte) (levels[v] | levels[v + 32] << 2 | levels[v + 64] << 4 | levels[v + 96] << 6));
            }
        }
    }

    private static void orByte(MemorySegment out, long offset, int bits) {
        out.set(ValueLayout.JAVA_BYTE, offset, (byte) (out.get(ValueLayout.JAVA_BYTE, offset) | bits));
    }

    private static void putHalf(MemorySegment out, long offset, float value) {
        out.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, Float.floatToFloat16(value));
    }

    /**
     * Q4_K's and Q5_K's scales: each 32-value sub-block fitted with weights mean|x| + |x|, the
     * eight scales and eight mins quantized to six bits against their maxima and written to the
     * header, then every level re-derived from the scale and min as a decoder will see them.
     */
    private static void fitScalesAndMins(TensorType type, float[] x, int at, byte[] levels, MemorySegment out,
                                         float gridStart, int steps) {
        int nmax = type == TensorType.Q4_K ? 15 : 31;
        float[] weights = new float[32];
        float[] scales = new float[8];
        float[] mins = new float[8];
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            int from = at + 32 * j;
            float sumSquares = 0;
            for (int l = 0; l < 32; l++) {
                sumSquares += x[from + l] * x[from + l];
            }
            float mean = (float) Math.sqrt(sumSquares / 32);
            for (int l = 0; l < 32; l++) {
                weights[l] = mean + Math.abs(x[from + l]);
            }
            scales[j] = KQuantFit.scaleAndMin(32, nmax, x, from, weights, levels, 32 * j, mins, j, gridStart, 0.1f, steps, false);
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        float inverseScale = maxScale > 0 ? 63f / maxScale : 0f;
        float inverseMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (int j = 0; j < 8; j++) {
            int scale = Math.min(63, nearestInt(inverseScale * scales[j]) & 0xFF);
            int min = Math.min(63, nearestInt(inverseMin * mins[j]) & 0xFF);
            if (j < 4) {
                out.set(ValueLayout.JAVA_BYTE, 4 + j, (byte) scale);
                out.set(ValueLayout.JAVA_BYTE, 8 + j, (byte) min);
            } else {
                out.set(ValueLayout.JAVA_BYTE, 8 + j, (byte) ((scale & 0xF) | (min & 0xF) << 4));
                orByte(out, j, (scale >> 4) << 6);
                orByte(out, 4 + j, (min >> 4) << 6);
            }
        }
        putHalf(out, 0, maxScale / 63f);
        putHalf(out, 2, maxMin / 63f);
        for (int j = 0; j < 8; j++) {
            float scale = KQuantBlock.d(type, out, 0) * KQuantBlock.scale(type, out, 0, j);
            if (scale == 0) {
                continue;
            }
            float min = KQuantBlock.dmin(type, out, 0) * KQuantBlock.min(type, out, 0, j);
            for (int l = 0; l < 32; l++) {
                levels[32 * j + l] = (byte) Math.max(0, Math.min(nmax, nearestInt((x[at + 32 * j + l] + min) / scale)));
            }
        }
    }
}
