package dev.llmsuite.transformer.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** y += a * x over n floats: accumulating weighted value vectors in attention. */
public final class VectorAxpy {

    private static final VectorSpecies<Float> F = VectorDot.F;

    private VectorAxpy() {
    }

    public static void apply(float a, float[] x, int xOffset, float[] y, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, xOffset + i).fma(FloatVector.broadcast(F, a), FloatVector.fromArray(F, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] += a * x[xOffset + i];
        }
    }
}
