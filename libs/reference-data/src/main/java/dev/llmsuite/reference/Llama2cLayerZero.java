package dev.llmsuite.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layer 0's attention probabilities of a llama2.c checkpoint, computed the way llama2.c's
 * {@code run.c} computes them (embedding row, RMSNorm with eps 1e-5, the q and k projections,
 * rotation of adjacent pairs by {@code pos / 10000^(i/headSize)}, scaled dot products, softmax),
 * straight from the checkpoint's floats and in double precision. It shares no code with the engine:
 * the reference that the engine's observed probabilities (and the
 * generation-service's /v1/explain/attention) are held to.
 */
public final class Llama2cLayerZero {

    private final int dim;
    private final int heads;
    private final int kvHeads;
    private final int headSize;
    private final float[] embedding;
    private final float[] attentionNorm;
    private final float[] wq;
    private final float[] wk;

    public Llama2cLayerZero(Path checkpoint) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(checkpoint)).order(ByteOrder.LITTLE_ENDIAN);
        dim = bytes.getInt();
        bytes.getInt(); // hidden_dim
        int layers = bytes.getInt();
        heads = bytes.getInt();
        kvHeads = bytes.getInt();
        int vocabulary = Math.abs(bytes.getInt());
        bytes.getInt(); // seq_len
        headSize = dim / heads;
        int kvDim = kvHeads * headSize;
        FloatBuffer floats = bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        embedding = take(floats, vocabulary * dim);
        float[] norms = take(floats, layers * dim);
        attentionNorm = java.util.Arrays.copyOf(norms, dim);
        float[] allWq = take(floats, layers * dim * dim);
        float[] allWk = take(floats, layers * kvDim * dim);
        wq = java.util.Arrays.copyOf(allWq, dim * dim);
        wk = java.util.Arrays.copyOf(allWk, kvDim * dim);
    }

    public int heads() {
        return heads;
    }

    /** {@code [head][query][key]}: the causal softmax of layer 0 for the tokens at positions 0, 1, ... */
    public double[][][] probabilities(int[] tokens) {
        int n = tokens.length;
        int kvDim = kvHeads * headSize;
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] x = normalized(tokens[t]);
            q[t] = rotated(multiply(wq, x, dim), t);
            k[t] = rotated(multiply(wk, x, kvDim), t);
        }
        double[][][] p = new double[heads][n][n];
        int group = heads / kvHeads;
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < n; t++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] scores = new double[t + 1];
                for (int s = 0; s <= t; s++) {
                    double dot = 0;
                    for (int i = 0; i < headSize; i++) {
                        dot += q[t][h * headSize + i] * k[s][(h / group) * headSize + i];
                    }
                    scores[s] = dot / Math.sqrt(headSize);
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s <= t; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int s = 0; s <= t; s++) {
                    p[h][t][s] = scores[s] / sum;
                }
            }
        }
        return p;
    }

    private double[] normalized(int token) {
        double squares = 0;
        for (int i = 0; i < dim; i++) {
            double v = embedding[token * dim + i];
            squares += v * v;
        }
        double scale = 1 / Math.sqrt(squares / dim + 1e-5);
        double[] x = new double[dim];
        for (int i = 0; i < dim; i++) {
            x[i] = attentionNorm[i] * scale * embedding[token * dim + i];
        }
        return x;
    }

    /** {@code out[i] = sum_j w[i * dim + j] * x[j]}, run.c's matmul of a (rows x dim) matrix. */
    private double[] multiply(float[] w, double[] x, int rows) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                sum += w[i * dim + j] * x[j];
            }
            out[i] = sum;
        }
        return out;
    }

    private double[] rotated(double[] v, int position) {
        for (int i = 0; i < v.length; i += 2) {
            int inHead = i % headSize;
            double angle = position / Math.pow(10000.0, inHead / (double) headSize);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double a = v[i];
            double b = v[i + 1];
            v[i] = a * cos - b * sin;
            v[i + 1] = a * sin + b * cos;
        }
        return v;
    }

    private static float[] take(FloatBuffer floats, int count) {
        float[] values = new float[count];
        floats.get(values);
        return values;
    }
}
