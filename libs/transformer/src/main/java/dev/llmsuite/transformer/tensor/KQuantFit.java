package dev.llmsuite.transformer.tensor;

/**
 * The searches that llama.cpp's reference K-quantizers run to choose each sub-block's scale (and
 * offset) and its small integers. They are reproduced operation for operation in float
 * arithmetic, in llama.cpp's order, because the goal is the same bytes as llama.cpp writes: any
 * reordering of a float sum can flip a rounding and with it a quantized value.
 *
 * <p>All methods read {@code n} values of {@code x} from {@code at} and write the chosen integers
 * to {@code levels} from {@code to}.
 */
final class KQuantFit {

    /** Below this largest magnitude a group counts as all zeros. */
    static final float GROUP_MAX_EPS = 1e-15f;

    private KQuantFit() {
    }

    /** Rounding to the nearest integer, ties to even (llama.cpp adds 1.5 * 2^23 in float, which does the same). */
    static int nearestInt(float value) {
        return (int) Math.rint(value);
    }

    /**
     * Levels 0..nmax with a scale and a non-positive offset, {@code x ~ scale * level + offset},
     * minimising the weighted squared (or absolute, {@code useMad}) error. Starts from the
     * min-max fit, then tries {@code steps + 1} stretched grids around it, each solved as a
     * weighted least-squares line. Returns the scale; {@code minOut[minAt]} receives the offset's
     * magnitude (the "min" that K-quants store).
     */
    static float scaleAndMin(int n, int nmax, float[] x, int at, float[] weights, byte[] levels, int to, float[] minOut, int minAt,
                             float gridStart, float gridStep, int steps, boolean useMad) {
        float min = x[at];
        float max = x[at];
        float sumW = weights[0];
        float sumX = sumW * x[at];
        for (int i = 1; i < n; i++) {
            float v = x[at + i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            float w = weights[i];
            sumW += w;
            sumX += w * v;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                levels[to + i] = 0;
            }
            minOut[minAt] = -min;
            return 0f;
        }
        float inverse = nmax / (max - min);
        float scale = 1 / inverse;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int level = Math.max(0, Math.min(nmax, nearestInt(inverse * (x[at + i] - min))));
            levels[to + i] = (byte) level;
            float diff = scale * level + min - x[at + i];
            bestError += weights[i] * (useMad ? Math.abs(diff) : diff * diff);
        }
        byte[] trial = new byte[n];
        for (int step = 0; step <= steps; step++) {
            inverse = (gridStart + gridStep * step + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int level = Math.max(0, Math.min(nmax, nearestInt(inverse * (x[at + i] - min))));
                trial[i] = (byte) level;
                float w = weights[i];
                sumL += w * level;
                sumL2 += w * level * level;
                sumXL += w * level * x[at + i];
            }
            float determinant = sumW * sumL2 - sumL * sumL;
            if (determinant > 0) {
                float trialScale = (sumW * sumXL - sumX * sumL) / determinant;
                float trialMin = (sumL2 * sumX - sumL * sumXL) / determinant;
                if (trialMin > 0) {
                    trialMin = 0;
                    trialScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = trialScale * trial[i] + trialMin - x[at + i];
                    error += weights[i] * (useMad ? Math.abs(diff) : diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(trial, 0, levels, to, n);
                    bestError = error;
                    scale = trialScale;
                    min = trialMin;
                }
            }
        }
        minOut[minAt] = -min;
        return scale;
    }

    /**
     * Symmetric levels -nmax..nmax-1 stored as 0..2*nmax-1, weighted by x² (Q6_K's sub-blocks): the
     * scale that maps the extreme value to -nmax, refined by least squares, then nineteen
     * perturbed grids keeping the best weighted fit.
     */
    static float symmetricScale(int n, int nmax, float[] x, int at, byte[] levels, int to) {
        float max = extreme(n, x, at, levels, to);
        if (max == 0) {
            return 0f;
        }
        float[] sums = new float[2];
        symmetricLevels(-nmax / max, n, nmax, x, at, levels, to, sums);
        float scale = sums[1] != 0 ? sums[0] / sums[1] : 0f;
        float best = scale * sums[0];
        byte[] trial = new byte[n];
        for (int step = -9; step <= 9; step++) {
            if (step == 0) {
                continue;
            }
            symmetricLevels(-(nmax + 0.1f * step) / max, n, nmax, x, at, trial, 0, sums);
            if (sums[1] > 0 && sums[0] * sums[0] > best * sums[1]) {
                System.arraycopy(trial, 0, levels, to, n);
                scale = sums[0] / sums[1];
                best = scale * sums[0];
            }
        }
        return scale;
    }

    /**
     * Symmetric levels for Q3_K's sub-blocks: start from the extreme-value scale, then move single
     * levels to their least-squares optimum (weights x²) while that improves the fit, for at most
     * five passes. Levels are stored shifted by nmax.
     */
    static float symmetricScaleIterated(int n, int nmax, float[] x, int at, byte[] levels, int to) {
        float max = extreme(n, x, at, levels, to);
        if (max == 0) {
            return 0f;
        }
        float[] sums = new float[2];
        symmetricLevels(-nmax / max, n, nmax, x, at, levels, to, sums);
        float sumLX = sums[0];
        float sumL2 = sums[1];
        for (int pass = 0; pass < 5; pass++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                float v = x[at + i];
                float w = v * v;
                int level = levels[to + i] - nmax;
                float otherLX = sumLX - w * v * level;
                if (otherLX > 0) {
                    float otherL2 = sumL2 - w * level * level;
                    int candidate = clampSymmetric(nearestInt(v * otherL2 / otherLX), nmax);
                    if (candidate != level) {
                        otherLX += w * v * candidate;
                        otherL2 += w * candidate * candidate;
                        if (otherL2 > 0 && otherLX * otherLX * sumL2 > sumLX * sumLX * otherL2) {
                            levels[to + i] = (byte) (candidate + nmax);
                            sumLX = otherLX;
                            sumL2 = otherL2;
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return sumL2 > 0 ? sumLX / sumL2 : 0f;
    }

    /**
     * The value of largest magnitude (the first such), or 0 when every magnitude is below
     * {@link #GROUP_MAX_EPS}, in which case the levels are all set to zero.
     */
    private static float extreme(int n, float[] x, int at, byte[] levels, int to) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[at + i]);
            if (ax > amax) {
                amax = ax;
                max = x[at + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                levels[to + i] = 0;
            }
            return 0f;
        }
        return max;
    }

    /** Levels of x * inverse, clamped and stored shifted by nmax, with their x²-weighted sums: {@code sums = {sum w x l, sum w l²}}. */
    private static void symmetricLevels(float inverse, int n, int nmax, float[] x, int at, byte[] levels, int to, float[] sums) {
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[at + i];
            int level = clampSymmetric(nearestInt(inverse * v), nmax);
            levels[to + i] = (byte) (level + nmax);
            float w = v * v;
            sumLX += w * v * level;
            sumL2 += w * level * level;
        }
        sums[0] = sumLX;
        sums[1] = sumL2;
    }

    private static int clampSymmetric(int level, int nmax) {
        return Math.max(-nmax, Math.min(nmax - 1, level));
    }
}
