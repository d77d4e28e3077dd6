package dev.llmsuite.transformer.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise steps of a layer, in place: the feed-forward non-linearities, soft-capping, scaling, residual sums. */
public final class Activation {

    private static final VectorSpecies<Float> F = VectorDot.F;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    /**
     * GELU at every half-precision input, rounded to half precision: llama.cpp evaluates GELU this
     * way (a 64K-entry table), and greedy decoding of quantized GPT-2 models only agrees with it
     * when ours does the same.
     */
    private static final float[] GELU_HALF = new float[1 << 16];

    static {
        for (int h = 0; h < GELU_HALF.length; h++) {
            float x = Float.float16ToFloat((short) h);
            GELU_HALF[h] = Float.float16ToFloat(Float.floatToFloat16(geluTanh(x)));
        }
    }

    private Activation() {
    }

    /**
     * SwiGLU (Llama): gate = silu(gate) * up, where silu(x) = x / (1 + exp(-x)). The exponentials
     * come from {@link ExactExp} on vectors, the float {@code Math.exp} gives, in a pass of their
     * own. The other passes are spelled out on vectors too: the JIT leaves them scalar, as it
     * cannot rule out that {@code gate} and {@code up} are one array.
     */
    public static void swiglu(float[] gate, float[] up, int from, int to) {
        float[] expMinusGate = new float[to - from];
        int i = from;
        for (; i + F.length() <= to; i += F.length()) {
            FloatVector.fromArray(F, gate, i).neg().intoArray(expMinusGate, i - from);
        }
        for (; i < to; i++) {
            expMinusGate[i - from] = -gate[i];
        }
        ExactExp.apply(expMinusGate, 0, expMinusGate.length, 0f);
        i = from;
        for (; i + F.length() <= to; i += F.length()) {
            FloatVector g = FloatVector.fromArray(F, gate, i);
            FloatVector onePlusExp = FloatVector.fromArray(F, expMinusGate, i - from).add(1f);
            g.div(onePlusExp).mul(FloatVector.fromArray(F, up, i)).intoArray(gate, i);
        }
        for (; i < to; i++) {
            gate[i] = gate[i] / (1f + expMinusGate[i - from]) * up[i];
        }
    }

    /**
     * GELU (GPT-2) in its tanh approximation, the form GPT-2 was trained with, looked up at half
     * precision; beyond +-10 it is the identity or zero to within float precision.
     */
    public static void gelu(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = geluHalf(x[i]);
        }
    }

    private static float geluHalf(float v) {
        return v <= -10f ? 0f : v >= 10f ? v : GELU_HALF[Float.floatToFloat16(v) & 0xFFFF];
    }

    /**
     * GeGLU (Gemma): gate = gelu(gate) * up, with GELU in its tanh form looked up at half
     * precision as {@link #gelu} does.
     */
    public static void geglu(float[] gate, float[] up, int from, int to) {
        for (int i = from; i < to; i++) {
            gate[i] = geluHalf(gate[i]) * up[i];
        }
    }

    /**
     * Soft-capping (Gemma 2's attention scores and final logits): x = cap * tanh(x / cap), which
     * keeps values within (-cap, cap) and leaves small ones almost unchanged.
     */
    public static void softCap(float[] x, int n, float cap) {
        float inverse = 1f / cap;
        for (int i = 0; i < n; i++) {
            x[i] = softCap(x[i], cap, inverse);
        }
    }

    /** One soft-capped value; {@code inverse} is 1 / cap, multiplied rather than divided, as ggml does. */
    public static float softCap(float x, float cap, float inverse) {
        return cap * (float) Math.tanh(x * inverse);
    }

    /**
     * x *= factor over [from, to), returning the largest product (negative infinity for an empty
     * range): attention's scaled scores of a tile and the maximum its softmax rescales by. Each
     * product is the scalar one, and a maximum does not depend on the order it is taken in.
     */
    public static float scaleAndMax(float[] x, int from, int to, float factor) {
        FloatVector largest = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = from;
        for (int upper = from + F.loopBound(to - from); i < upper; i += F.length()) {
            FloatVector scaled = FloatVector.fromArray(F, x, i).mul(factor);
            scaled.intoArray(x, i);
            largest = largest.max(scaled);
        }
        float max = largest.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            x[i] *= factor;
            max = Math.max(max, x[i]);
        }
        return max;
    }

    /** x *= factor over n values (Gemma's embedding scale, pre-scaled queries). */
    public static void scale(float[] x, int n, float factor) {
        for (int i = 0; i < n; i++) {
            x[i] *= factor;
        }
    }

    private static float geluTanh(float v) {
        return 0.5f * v * (1f + (float) Math.tanh(SQRT_2_OVER_PI * v * (1f + 0.044715f * v * v)));
    }

    /** Adds {@code bias} to each of {@code batch} rows of {@code x}. */
    public static void addBias(float[] x, int batch, float[] bias) {
        int n = bias.length;
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < n; i++) {
                x[t * n + i] += bias[i];
            }
        }
    }

    /** x += y over n values: the residual connections. */
    public static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }
}
