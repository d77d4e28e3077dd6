package dev.llmsuite.embedding.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Orders candidate vectors by cosine similarity to a query vector, best first. */
public final class Ranking {

    /** One ranked candidate: its position in the input and its cosine to the query. */
    public record Scored(int index, double score) {
    }

    private Ranking() {
    }

    public static List<Scored> rank(float[] query, List<float[]> candidates, int topK) {
        return rank(query, candidates, topK, Set.of());
    }

    /** As {@link #rank(float[], List, int)}, leaving out the candidates at {@code excluded} indexes. */
    public static List<Scored> rank(float[] query, List<float[]> candidates, int topK, Set<Integer> excluded) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (!excluded.contains(i)) {
                scored.add(new Scored(i, Vectors.cosine(query, candidates.get(i))));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::index));
        return scored.subList(0, Math.min(topK, scored.size()));
    }
}
