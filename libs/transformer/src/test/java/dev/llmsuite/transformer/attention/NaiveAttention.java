package dev.llmsuite.transformer.attention;

/**
 * Attention exactly as the formula reads, in double precision: the full row of scores for each
 * query, softmax over it, then the weighted sum of values. The reference for {@link BlockedAttention}.
 * Sliding windows and soft-capping as llama.cpp defines them: a key at position k is masked for a
 * query at position p when p - k >= window; a score s becomes cap * tanh(s / cap).
 */
final class NaiveAttention {

    private NaiveAttention() {
    }

    static float[] attend(float[] q, int queries, int firstPosition, float[] keys, float[] values,
                          int heads, int kvHeads, int headSize) {
        return attend(q, queries, firstPosition, keys, values, heads, kvHeads, headSize, 1 / Math.sqrt(headSize), 0, 0);
    }

    static float[] attend(float[] q, int queries, int firstPosition, float[] keys, float[] values,
                          int heads, int kvHeads, int headSize, double scale, double softCap, int window) {
        float[] out = new float[q.length];
        int kvDim = kvHeads * headSize;
        for (int query = 0; query < queries; query++) {
            int position = firstPosition + query;
            int visible = position + 1;
            for (int h = 0; h < heads; h++) {
                int qOffset = (query * heads + h) * headSize;
                int kvOffset = h / (heads / kvHeads) * headSize;
                double[] scores = new double[visible];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < visible; p++) {
                    if (window > 0 && position - p >= window) {
                        scores[p] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = 0;
                    for (int i = 0; i < headSize; i++) {
                        dot += q[qOffset + i] * (double) keys[p * kvDim + kvOffset + i];
                    }
                    scores[p] = softCap > 0 ? softCap * Math.tanh(dot * scale / softCap) : dot * scale;
                    max = Math.max(max, scores[p]);
                }
                double sum = 0;
                for (int p = 0; p < visible; p++) {
                    scores[p] = Math.exp(scores[p] - max);
                    sum += scores[p];
                }
                for (int i = 0; i < headSize; i++) {
                    double acc = 0;
                    for (int p = 0; p < visible; p++) {
                        acc += scores[p] / sum * values[p * kvDim + kvOffset + i];
                    }
                    out[qOffset + i] = (float) acc;
                }
            }
        }
        return out;
    }
}
