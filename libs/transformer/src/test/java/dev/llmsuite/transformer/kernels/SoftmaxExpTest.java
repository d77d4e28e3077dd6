package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The softmax's exponential against {@link Math#exp} in double, and a vector lane against the scalar tail. */
class SoftmaxExpTest {

    /**
     * Every float from -104 to 0 in steps of 2^-12, and a million random ones down to -110: the
     * float {@code Math.exp} gives, or (where the true value is all but halfway between two floats)
     * its neighbour, at most a handful of times.
     */
    @Test
    void givesTheFloatOfMathExp() {
        SplittableRandom random = new SplittableRandom(5);
        int grid = 104 * 4096;
        float[] x = new float[grid + 1_000_000];
        for (int i = 0; i <= grid; i++) {
            x[i] = -i / 4096f;
        }
        for (int i = grid + 1; i < x.length; i++) {
            x[i] = (float) -random.nextDouble(0, 110);
        }
        float[] y = x.clone();
        SoftmaxExp.apply(y, 0, y.length, 0f);
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
        SoftmaxExp.apply(x, 0, x.length, 3.5f);
        assertEquals(1f, x[0]);
        assertEquals(1f, 1f + x[1]);
        assertEquals(1f, 1f + x[2]);
        assertEquals((float) Math.exp(-80), x[3]);
    }

    /** A score gets the same weight in a vector lane as in the scalar tail, wherever it sits in the range. */
    @Test
    void aLaneAndTheScalarTailGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-100, 5);
        }
        float[] together = x.clone();
        SoftmaxExp.apply(together, 0, x.length, 5f);
        for (int i = 0; i < x.length; i++) {
            float[] alone = x.clone();
            SoftmaxExp.apply(alone, i, i + 1, 5f);
            assertEquals(Float.floatToRawIntBits(together[i]), Float.floatToRawIntBits(alone[i]), "score " + x[i]);
        }
    }
}
