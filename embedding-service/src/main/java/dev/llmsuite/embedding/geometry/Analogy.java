package dev.llmsuite.embedding.geometry;

import java.util.List;

/**
 * Vector arithmetic over meanings, the "king - man + woman" idea: add the unit vectors of the
 * positive terms, subtract those of the negative terms, and the candidates nearest to the result
 * (by cosine) answer the analogy.
 */
public final class Analogy {

    private Analogy() {
    }

    public static float[] target(List<float[]> positive, List<float[]> negative) {
        if (positive.isEmpty()) {
            throw new IllegalArgumentException("An analogy needs at least one positive term");
        }
        float[] sum = new float[positive.get(0).length];
        positive.forEach(v -> Vectors.addScaled(sum, Vectors.normalized(v), 1f));
        negative.forEach(v -> Vectors.addScaled(sum, Vectors.normalized(v), -1f));
        return sum;
    }
}
