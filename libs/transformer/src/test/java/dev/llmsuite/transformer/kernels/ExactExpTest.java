package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector exponential against {@link Math#exp} in double, and a vector lane against the scalar tail. */
class ExactExpTest {

    /**
     * Every float from -104 to 89 in steps of 2^-12, and a million random ones from -110 to 100:
     * the float {@code Math.exp} gives (infinity above float's range), or (where the true value is
     * all but halfway between two floats) its neighbour, at most a handful of times.
     */
    @Test
    void givesTheFloatOfMathExp() {
        SplittableRandom random = new SplittableRandom(5);
        int grid = (104 + 89) * 4096;
        float[] x = new float[grid + 1 + 1_000_000];
        for (int i = 0; i <= grid; i++) {
            x[i] = -104 + i / 4096f;
        }
        for (int i = grid + 1; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-110, 100);
        }
        float[] y = x.clone();
        ExactExp.apply(y, 0, y.length, 0f);
        int neighbours = 0;
        for (int i = 0; i < x.length; i++) {
            float expected = (float) Math.exp(x[i]);
            if (y[i] != expected) {
                neighbours++;
                assertEquals(expected, y[i], Math.ulp(expected), "exp(" + x[i] + ")");
            }
        }
        assertTrue(neighbours <= 5, neighbours + " of " + x.length + " differ from Math.exp by one unit");
    }

    @Test
    void theMaximumGetsWeightOneAndScoresFarBelowItAWeightThatChangesNoSum() {
        float[] x = {3.5f, -1000f, Float.NEGATIVE_INFINITY, 3.5f - 80f};
        ExactExp.apply(x, 0, x.length, 3.5f);
        assertEquals(1f, x[0]);
        assertEquals(1f, 1f + x[1]);
        assertEquals(1f, 1f + x[2]);
        assertEquals((float) Math.exp(-80), x[3]);
    }

    @Test
    void argumentsBeyondDoublesRangeGiveZeroOrInfinity() {
        float[] x = {-1e30f, 1e30f, 700f, 88.8f, Float.POSITIVE_INFINITY};
        ExactExp.apply(x, 0, x.length, 0f);
        assertEquals(0f, x[0]);
        for (int i = 1; i < x.length; i++) {
            assertEquals(Float.POSITIVE_INFINITY, x[i]);
        }
    }

    /** SiLU on vectors: x / (1 + exp(-x)) * up with the float {@code Math.exp} gives, on the whole float range. */
    @Test
    void swigluIsSiluOfTheGateTimesUp() {
        SplittableRandom random = new SplittableRandom(13);
        float[] gate = new float[100_003];
        float[] up = new float[gate.length];
        for (int i = 0; i < gate.length; i++) {
            gate[i] = (float) random.nextDouble(-120, 120);
            up[i] = (float) random.nextDouble(-3, 3);
        }
        gate[0] = 0f;
        gate[1] = -200f;
        up[1] = 1f;
        gate[2] = Float.NEGATIVE_INFINITY;
        float[] ours = gate.clone();
        Activation.swiglu(ours, up, 0, gate.length);
        int neighbours = 0;
        for (int i = 0; i < gate.length; i++) {
            float expected = gate[i] / (1f + (float) Math.exp(-gate[i])) * up[i];
            if (Float.floatToRawIntBits(ours[i]) != Float.floatToRawIntBits(expected)) {
                neighbours++;
                assertEquals(expected, ours[i], 4 * Math.ulp(expected), "silu(" + gate[i] + ")");
            }
        }
        assertTrue(neighbours <= 2, neighbours + " of " + gate.length + " differ from the Math.exp form");
        assertEquals(-0f, ours[1]);
        assertTrue(Float.isNaN(ours[2]), "-inf / inf, as the Math.exp form gives");
    }

    /** A value gets the same exponential in a vector lane as in the scalar tail, wherever it sits in the range. */
    @Test
    void aLaneAndTheScalarTailGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-100, 100);
        }
        float[] together = x.clone();
        ExactExp.apply(together, 0, x.length, 5f);
        for (int i = 0; i < x.length; i++) {
            float[] alone = x.clone();
            ExactExp.apply(alone, i, i + 1, 5f);
            assertEquals(Float.floatToRawIntBits(together[i]), Float.floatToRawIntBits(alone[i]), "score " + x[i]);
        }
    }
}
