package dev.llmsuite.transformer.kernels;

import dev.llmsuite.transformer.batch.Batch;

/**
 * Rotary position embedding: within each head, pair j of the first {@code rotaryDims} values is
 * rotated by the angle position * base^(-2j / rotaryDims), so a query-key dot product depends on
 * their relative distance. Scaled models change the angle per pair (see {@link RopeScaling}).
 *
 * <p>Angles are computed the way ggml computes them (the per-pair frequency as a running float
 * product), so that they are the same floats as llama.cpp's.
 */
public final class Rope {

    /** Which two values of a head form a rotated pair. */
    public enum Layout {
        /** (x[2j], x[2j+1]): Meta's Llama weights as GGUF stores them (llama.cpp's "norm" type). */
        ADJACENT,
        /** (x[j], x[j + rotaryDims/2]): Hugging Face's rotate_half, kept by Qwen, Gemma, Phi-3 (llama.cpp's "neox"). */
        HALVES
    }

    private final int headSize;
    private final int pairs;
    private final Layout layout;
    private final float thetaScale;
    private final float[] frequencyFactors;
    private final float frequencyScale;
    private final boolean yarn;
    private final float rampLow;
    private final float rampHigh;
    private final float magnitude;

    public Rope(int headSize, int rotaryDims, float base, Layout layout) {
        this(headSize, rotaryDims, base, layout, RopeScaling.NONE, null);
    }

    /**
     * @param frequencyFactors per pair, divides the angle (Llama 3.1's {@code rope_freqs}, Phi-3's
     *                         LongRoPE factors); null for none
     */
    public Rope(int headSize, int rotaryDims, float base, Layout layout, RopeScaling scaling, float[] frequencyFactors) {
        if (rotaryDims % 2 != 0 || rotaryDims > headSize) {
            throw new IllegalArgumentException("Cannot rotate " + rotaryDims + " dimensions of a " + headSize + "-wide head");
        }
        if (frequencyFactors != null && frequencyFactors.length < rotaryDims / 2) {
            throw new IllegalArgumentException(frequencyFactors.length + " frequency factors for " + rotaryDims / 2 + " pairs");
        }
        this.headSize = headSize;
        this.pairs = rotaryDims / 2;
        this.layout = layout;
        this.thetaScale = (float) Math.pow(base, -2f / rotaryDims);
        this.frequencyFactors = frequencyFactors;
        this.frequencyScale = scaling.frequencyScale();
        this.yarn = scaling.type() == RopeScaling.Type.YARN;
        this.rampLow = yarn ? Math.max(0f, (float) Math.floor(yarnDimension(rotaryDims, scaling.originalContext(), YARN_BETA_FAST, base))) : 0f;
        this.rampHigh = yarn ? Math.min(rotaryDims - 1, (float) Math.ceil(yarnDimension(rotaryDims, scaling.originalContext(), YARN_BETA_SLOW, base))) : 0f;
        this.magnitude = magnitude(scaling, frequencyScale, yarn);
    }

    /** YaRN's defaults (llama.cpp reads no other values for these architectures). */
    private static final float YARN_BETA_FAST = 32f;
    private static final float YARN_BETA_SLOW = 1f;

    /** The pair index whose wavelength fits {@code rotations} times into the original context. */
    private static float yarnDimension(int rotaryDims, int originalContext, float rotations, float base) {
        return rotaryDims * (float) Math.log(originalContext / (rotations * 2 * (float) Math.PI)) / (2 * (float) Math.log(base));
    }

    /**
     * The factor on every cosine and sine. YaRN raises magnitudes by 1 + 0.1 ln(factor) in the
     * kernel and llama.cpp divides the same amount out of the attention factor beforehand; both
     * steps are kept, in float, so that the product rounds as llama.cpp's does.
     */
    private static float magnitude(RopeScaling scaling, float frequencyScale, boolean yarn) {
        if (!yarn) {
            return scaling.attentionFactor();
        }
        float factor = 1f / frequencyScale;
        float attention = factor <= 1f ? 1f : 0.1f * (float) Math.log(factor) + 1f;
        attention *= 1f / (1f + 0.1f * (float) Math.log(factor));
        attention *= scaling.attentionFactor();
        return attention * (1f + 0.1f * (float) Math.log(1f / frequencyScale));
    }

    /** The cosines and sines of every pair at each row's position of one batch, magnitude applied. */
    private record Angles(Batch batch, float[] cos, float[] sin) {
    }

    /**
     * The angles of the last batch rotated: every layer, and the queries and keys of each, rotate
     * the same rows, so the cosines and sines are computed once per forward pass instead of twice
     * per layer. Concurrent passes at worst compute them again.
     */
    private volatile Angles lastAngles;

    /**
     * Rotates {@code heads} consecutive heads stored from {@code offset}, which belong to row
     * {@code row} of {@code batch} (rotated by that row's position).
     */
    public void rotate(float[] x, int offset, int heads, Batch batch, int row) {
        Angles angles = lastAngles;
        if (angles == null || angles.batch() != batch) {
            angles = anglesOf(batch);
            lastAngles = angles;
        }
        int partner = layout == Layout.ADJACENT ? 1 : pairs;
        for (int j = 0; j < pairs; j++) {
            float cos = angles.cos()[row * pairs + j];
            float sin = angles.sin()[row * pairs + j];
            int first = layout == Layout.ADJACENT ? 2 * j : j;
            for (int h = 0; h < heads; h++) {
                int i = offset + h * headSize + first;
                float x0 = x[i];
                float x1 = x[i + partner];
                x[i] = x0 * cos - x1 * sin;
                x[i + partner] = x0 * sin + x1 * cos;
            }
        }
    }

    private Angles anglesOf(Batch batch) {
        float[] cos = new float[batch.rows() * pairs];
        float[] sin = new float[batch.rows() * pairs];
        for (int row = 0; row < batch.rows(); row++) {
            float theta = batch.position(row);
            for (int j = 0; j < pairs; j++) {
                float extrapolated = frequencyFactors == null ? theta : theta / frequencyFactors[j];
                float angle = frequencyScale * extrapolated;
                if (yarn) {
                    float mix = 1 - Math.min(1f, Math.max(0f, (j - rampLow) / Math.max(0.001f, rampHigh - rampLow)));
                    angle = angle * (1 - mix) + extrapolated * mix;
                }
                cos[row * pairs + j] = (float) Math.cos(angle) * magnitude;
                sin[row * pairs + j] = (float) Math.sin(angle) * magnitude;
                theta *= thetaScale;
            }
        }
        return new Angles(batch, cos, sin);
    }
}
