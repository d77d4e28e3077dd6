package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.VectorDot.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * The sum of a vector's lanes in one fixed order: halves added lane by lane, then quarters, down
 * to one lane. {@code reduceLanes(ADD)} may add floats in any order, and does: the compiled
 * intrinsic adds as a tree, the interpreter and C1 in sequence, so a dot product would change in
 * its last bits when the JIT recompiles a kernel. With this sum a row's result is the same in
 * every tier, in every kernel and in every batch.
 */
final class Lanes {

    private static final VectorShuffle<Float> BY_8 = VectorShuffle.iota(F, 8, 1, true);
    private static final VectorShuffle<Float> BY_4 = VectorShuffle.iota(F, 4, 1, true);
    private static final VectorShuffle<Float> BY_2 = VectorShuffle.iota(F, 2, 1, true);
    private static final VectorShuffle<Float> BY_1 = VectorShuffle.iota(F, 1, 1, true);

    private Lanes() {
    }

    static float sum(FloatVector v) {
        if (F.length() >= 16) {
            v = v.add(v.rearrange(BY_8));
        }
        if (F.length() >= 8) {
            v = v.add(v.rearrange(BY_4));
        }
        if (F.length() >= 4) {
            v = v.add(v.rearrange(BY_2));
        }
        if (F.length() >= 2) {
            v = v.add(v.rearrange(BY_1));
        }
        return v.lane(0);
    }
}
