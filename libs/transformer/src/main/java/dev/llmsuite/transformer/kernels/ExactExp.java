package dev.llmsuite.transformer.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} on vectors, in the float that {@code (float) Math.exp} gives: attention's softmax
 * weights {@code exp(x - max)} and SiLU's {@code exp(-x)}.
 *
 * <p>{@link Math#exp} is a scalar call per value, and attention at long contexts computes one per
 * cached position and head, a batched feed-forward one per hidden value and sequence. The Vector
 * API's own {@code EXP} may differ between the interpreter and compiled code, so a result could
 * depend on when the JIT got to it. This one is built from multiply-adds, conversions and shifts,
 * each exact by IEEE 754 wherever it runs, so a lane of a vector and the scalar twin for the tail
 * give the same bits. It works in double: {@code e^t = 2^n e^r} with {@code n = round(t log2 e)},
 * {@code r = t - n ln 2}, and e^r by its Taylor series to degree 11 (relative error below 1e-14 for
 * |r| <= ln2 / 2), rounded to float once at the end. That is the correctly rounded float unless the
 * true value lies within 1e-14 of halfway between two floats: the weights are those of
 * {@code Math.exp} (the engine's agreement with llama.cpp was established with those, and a model
 * with quantized activations can turn a one-unit difference into another token).
 *
 * <p>Arguments are clamped to [-700, 700], where 2^n stays within double's normal range: below,
 * the result is e^-700 rounded to float, 0, as float's own range ends near e^-104; above, it is
 * infinity, as float's range ends near e^89.
 */
public final class ExactExp {

    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorDot.F.vectorShape());
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final double LOWEST = -700;
    private static final double HIGHEST = 700;
    private static final double LOG2E = 1.4426950408889634;
    private static final long HALF_BITS = Double.doubleToRawLongBits(0.5);
    private static final double LN2_HIGH = 0.6931471803691238;
    private static final double LN2_LOW = 1.9082149292705877e-10;
    /** 1/k!: the Taylor coefficients of e^r from degree 11 down to 2. */
    private static final double C11 = 1.0 / 39916800;
    private static final double C10 = 1.0 / 3628800;
    private static final double C9 = 1.0 / 362880;
    private static final double C8 = 1.0 / 40320;
    private static final double C7 = 1.0 / 5040;
    private static final double C6 = 1.0 / 720;
    private static final double C5 = 1.0 / 120;
    private static final double C4 = 1.0 / 24;
    private static final double C3 = 1.0 / 6;
    private static final double C2 = 1.0 / 2;
    private static final double[] AFTER_C11 = {C10, C9, C8, C7, C6, C5, C4, C3, C2};

    private ExactExp() {
    }

    /** {@code x[i] = exp(x[i] - max)} for {@code from <= i < to}; {@code max} 0 gives {@code exp(x[i])}. */
    public static void apply(float[] x, int from, int to, float max) {
        int i = from;
        for (; i + F.length() <= to; i += F.length()) {
            FloatVector shifted = FloatVector.fromArray(F, x, i).sub(max);
            DoubleVector t = ((DoubleVector) shifted.convertShape(VectorOperators.F2D, D, 0)).max(LOWEST).min(HIGHEST);
            // Rounds t log2 e half away from zero: the conversion to long truncates toward zero.
            // 0.5 takes y's sign bit (y = -0 gives -0.5, where the scalar form adds 0.5: n is 0
            // either way): a blend on y < 0 has no 2-lane double form in C2 and ran boxed.
            DoubleVector y = t.mul(LOG2E);
            DoubleVector half = y.reinterpretAsLongs().and(Long.MIN_VALUE).or(HALF_BITS).reinterpretAsDoubles();
            LongVector n = (LongVector) y.add(half).convert(VectorOperators.D2L, 0);
            DoubleVector fn = (DoubleVector) n.convert(VectorOperators.L2D, 0);
            DoubleVector r = fn.fma(DoubleVector.broadcast(D, -LN2_HIGH), t);
            r = fn.fma(DoubleVector.broadcast(D, -LN2_LOW), r);
            // Horner's steps spelled out, not looped over an array: the method then exceeds C2's
            // size for inlining hot callees and is compiled on its own. Inlined into attention's
            // tile loop, that compilation ran out of its inlining budget before the Vector API's
            // own methods, which then ran as calls to their Java fallbacks (attention spent more
            // time here than in scoring keys, at 512 bits).
            DoubleVector p = DoubleVector.broadcast(D, C11);
            p = p.fma(r, DoubleVector.broadcast(D, C10));
            p = p.fma(r, DoubleVector.broadcast(D, C9));
            p = p.fma(r, DoubleVector.broadcast(D, C8));
            p = p.fma(r, DoubleVector.broadcast(D, C7));
            p = p.fma(r, DoubleVector.broadcast(D, C6));
            p = p.fma(r, DoubleVector.broadcast(D, C5));
            p = p.fma(r, DoubleVector.broadcast(D, C4));
            p = p.fma(r, DoubleVector.broadcast(D, C3));
            p = p.fma(r, DoubleVector.broadcast(D, C2));
            DoubleVector er = p.fma(r.mul(r), r).add(1.0);
            DoubleVector twoToN = n.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            ((FloatVector) er.mul(twoToN).convertShape(VectorOperators.D2F, F, 0)).intoArray(x, i);
        }
        for (; i < to; i++) {
            x[i] = exp(x[i] - max);
        }
    }

    /** The scalar twin of one lane of {@link #apply}: the same operations in the same order. */
    static float exp(float shifted) {
        double t = Math.min(Math.max(shifted, LOWEST), HIGHEST);
        double y = t * LOG2E;
        long n = (long) (y + (y < 0 ? -0.5 : 0.5));
        double fn = n;
        double r = Math.fma(fn, -LN2_HIGH, t);
        r = Math.fma(fn, -LN2_LOW, r);
        double p = C11;
        for (double c : AFTER_C11) {
            p = Math.fma(p, r, c);
        }
        double er = Math.fma(p, r * r, r) + 1.0;
        return (float) (er * Double.longBitsToDouble((n + 1023) << 52));
    }
}
