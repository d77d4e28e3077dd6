package dev.llmsuite.transformer.tensor;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Encoding floats into each {@link TensorType} (for writing GGUF files) and preparing activations
 * for the dot product kernels.
 *
 * <p>Activations are prepared exactly as llama.cpp's CPU backend prepares them, because greedy
 * decoding must pick the same tokens: against F16 and BF16 weights the activation is rounded to
 * the same 16-bit format; against Q8_0 and Q4_0 weights it is quantized to Q8_0 (scale = max|x| / 127,
 * values rounded half to even); against the K-quants to Q8_K ({@code kernels.Q8KActivation}).
 *
 * <p>The K-quants are encoded with llama.cpp's reference quantizers ({@link KQuantEncoder}).
 */
public final class Quantization {

    public static final int BLOCK = 32;

    /**
     * The widest vectors up to 512 bits: each divides a block of 32 floats (a scalable vector unit
     * could be wider), and the quantized values do not depend on the width.
     */
    private static final VectorSpecies<Float> LANES = VectorSpecies.of(float.class,
            VectorShape.forBitSize(Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize())));
    private static final float ROUNDING_MAGIC = 12582912f;

    private Quantization() {
    }

    /** An activation ready for one weight type: values (integers for quantized types) and per-block scales. */
    public record PreparedInput(float[] values, float[] scales) {
    }

    public static PreparedInput prepare(TensorType weightType, float[] x, int length) {
        return switch (weightType) {
            case F32 -> new PreparedInput(x, null);
            case BF16 -> {
                float[] rounded = new float[length];
                for (int i = 0; i < length; i++) {
                    rounded[i] = Float.intBitsToFloat(toBrainFloat(x[i]) << 16);
                }
                yield new PreparedInput(rounded, null);
            }
            case F16 -> {
                float[] rounded = new float[length];
                for (int i = 0; i < length; i++) {
                    rounded[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
                }
                yield new PreparedInput(rounded, null);
            }
            case Q8_0, Q4_0 -> quantizeActivation(x, length);
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K -> throw new IllegalArgumentException(weightType + " activations are Q8_K, see Q8KActivation");
        };
    }

    /**
     * Q8_0 activation, on vectors: the serial step before every Q8_0 or Q4_0 product, so its cost
     * adds to every decoded token. Adding and subtracting 1.5 * 2^23 rounds {@code x * inverse}
     * (at most 127 in magnitude) to the nearest integer, ties to even, as {@code Math.rint} does;
     * the block's largest magnitude is exact in any order.
     */
    private static PreparedInput quantizeActivation(float[] x, int length) {
        float[] values = new float[length];
        float[] scales = new float[length / BLOCK];
        for (int b = 0; b < scales.length; b++) {
            int start = b * BLOCK;
            FloatVector largest = FloatVector.zero(LANES);
            for (int i = start; i < start + BLOCK; i += LANES.length()) {
                largest = largest.max(FloatVector.fromArray(LANES, x, i).abs());
            }
            float max = largest.reduceLanes(VectorOperators.MAX);
            float inverse = max != 0 ? 127f / max : 0f;
            scales[b] = Float.float16ToFloat(Float.floatToFloat16(max / 127f));
            for (int i = start; i < start + BLOCK; i += LANES.length()) {
                FloatVector.fromArray(LANES, x, i).mul(inverse).add(ROUNDING_MAGIC).sub(ROUNDING_MAGIC).intoArray(values, i);
            }
        }
        return new PreparedInput(values, scales);
    }

    /** Encodes {@code values} (a whole tensor, rows of whole blocks) in {@code type}'s byte layout. */
    public static byte[] encode(TensorType type, float[] values) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(type.bytesFor(values.length))).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> {
                for (float v : values) {
                    out.putFloat(v);
                }
            }
            case F16 -> {
                for (float v : values) {
                    out.putShort(Float.floatToFloat16(v));
                }
            }
            case BF16 -> {
                for (float v : values) {
                    out.putShort(toBrainFloat(v));
                }
            }
            case Q8_0 -> {
                for (int start = 0; start < values.length; start += BLOCK) {
                    encodeQ8Block(values, start, out);
                }
            }
            case Q4_0 -> {
                for (int start = 0; start < values.length; start += BLOCK) {
                    encodeQ4Block(values, start, out);
                }
            }
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K -> encodeKQuant(type, values, MemorySegment.ofArray(out.array()));
        }
        return out.array();
    }

    private static void encodeKQuant(TensorType type, float[] values, MemorySegment out) {
        for (int b = 0; b < values.length / type.blockSize; b++) {
            MemorySegment block = out.asSlice((long) b * type.blockBytes, type.blockBytes);
            int at = b * type.blockSize;
            switch (type) {
                case Q2_K -> KQuantEncoder.q2K(values, at, block);
                case Q3_K -> KQuantEncoder.q3K(values, at, block);
                case Q4_K -> KQuantEncoder.q4K(values, at, block);
                case Q5_K -> KQuantEncoder.q5K(values, at, block);
                case Q6_K -> KQuantEncoder.q6K(values, at, block);
                default -> throw new IllegalArgumentException(type + " is not a K-quant");
            }
        }
    }

    /** Rounds to nearest even on the 16 bits kept. */
    private static short toBrainFloat(float v) {
        int bits = Float.floatToRawIntBits(v);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private static void encodeQ8Block(float[] x, int start, ByteBuffer out) {
        float max = 0;
        for (int i = start; i < start + BLOCK; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        float scale = max / 127f;
        float inverse = scale != 0 ? 1f / scale : 0f;
        out.putShort(Float.floatToFloat16(scale));
        for (int i = start; i < start + BLOCK; i++) {
            out.put((byte) Math.round(x[i] * inverse));
        }
    }

    /** The scale maps the value of largest magnitude to -8, so the sign of the extreme is kept exactly. */
    private static void encodeQ4Block(float[] x, int start, ByteBuffer out) {
        float extreme = 0;
        for (int i = start; i < start + BLOCK; i++) {
            if (Math.abs(x[i]) > Math.abs(extreme)) {
                extreme = x[i];
            }
        }
        float scale = extreme / -8f;
        float inverse = scale != 0 ? 1f / scale : 0f;
        out.putShort(Float.floatToFloat16(scale));
        int half = BLOCK / 2;
        for (int j = 0; j < half; j++) {
            int low = Math.min(15, (int) (x[start + j] * inverse + 8.5f));
            int high = Math.min(15, (int) (x[start + half + j] * inverse + 8.5f));
            out.put((byte) (low | (high << 4)));
        }
    }
}
