package dev.llmsuite.embedding.geometry;

/** The little linear algebra the embedding lesson needs: length, unit vectors, cosine, sums. */
public final class Vectors {

    private Vectors() {
    }

    public static double dot(float[] a, float[] b) {
        requireSameSize(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    public static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Cosine of the angle between two vectors; 0 when either is the zero vector. */
    public static double cosine(float[] a, float[] b) {
        double denominator = norm(a) * norm(b);
        return denominator == 0 ? 0 : dot(a, b) / denominator;
    }

    /** A copy scaled to length 1 (the zero vector stays zero). */
    public static float[] normalized(float[] a) {
        double n = norm(a);
        float[] out = new float[a.length];
        if (n == 0) {
            return out;
        }
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] / n);
        }
        return out;
    }

    /** {@code into += scale * a}, in place. */
    public static void addScaled(float[] into, float[] a, float scale) {
        requireSameSize(into, a);
        for (int i = 0; i < a.length; i++) {
            into[i] += scale * a[i];
        }
    }

    private static void requireSameSize(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Vectors differ in size: " + a.length + " and " + b.length);
        }
    }
}
