package dev.llmsuite.transformer.tensor;

import java.util.SplittableRandom;

/**
 * Seeded test tensors of different shapes of distribution, chosen to reach every branch of the
 * quantizers: weight-like and unit-scale values, one-signed blocks (offsets), outliers, exact
 * ties (rounding half to even), zero and constant sub-blocks, and values too small to quantize.
 */
public final class TestValues {

    public enum Kind { GAUSSIAN, WEIGHTS, UNIFORM, OUTLIERS, POSITIVE, NEGATIVE, SPARSE, STEPS, FLAT_GROUPS, TINY, LARGE }

    private TestValues() {
    }

    public static float[] of(Kind kind, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + kind.ordinal());
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) switch (kind) {
                case GAUSSIAN -> random.nextGaussian();
                case WEIGHTS -> random.nextGaussian() * 0.02;
                case UNIFORM -> random.nextDouble(-1, 1);
                case OUTLIERS -> random.nextGaussian() * (random.nextInt(100) == 0 ? 30 : 1);
                case POSITIVE -> random.nextDouble();
                case NEGATIVE -> -random.nextDouble();
                case SPARSE -> random.nextInt(10) == 0 ? random.nextGaussian() : 0;
                case STEPS -> (random.nextInt(9) - 4) * 0.25;
                case FLAT_GROUPS -> flatGroups(i, random);
                case TINY -> random.nextGaussian() * 1e-18;
                case LARGE -> random.nextGaussian() * 1000;
            };
        }
        return v;
    }

    /** Per group of 16 values: zeros, one constant, or noise, so that whole sub- and super-blocks are degenerate. */
    private static double flatGroups(int i, SplittableRandom random) {
        int group = i / 16;
        return switch (group % 5) {
            case 0, 1 -> 0;
            case 2 -> 0.5;
            case 3 -> -0.25;
            default -> random.nextGaussian();
        } * ((i / 256) % 3 == 0 ? 0 : 1);
    }
}
