package dev.llmsuite.transformer.kernels;

/**
 * Layer normalizations over one vector {@code x[offset, offset + n)}, written to {@code out}.
 * Sums run in double, as llama.cpp does, so long vectors lose no precision.
 */
public final class Normalization {

    private Normalization() {
    }

    /** RMSNorm (Llama): x / sqrt(mean(x^2) + eps) * weight. */
    public static void rms(float[] out, float[] x, int offset, float[] weight, float eps) {
        int n = weight.length;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += x[offset + i] * x[offset + i];
        }
        float scale = (float) (1.0 / Math.sqrt((float) (squares / n) + eps));
        for (int i = 0; i < n; i++) {
            out[offset + i] = x[offset + i] * scale * weight[i];
        }
    }

    /** LayerNorm (GPT-2): (x - mean) / sqrt(variance + eps) * weight + bias. */
    public static void layer(float[] out, float[] x, int offset, float[] weight, float[] bias, float eps) {
        int n = weight.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[offset + i];
        }
        float mean = (float) (sum / n);
        double variance = 0;
        for (int i = 0; i < n; i++) {
            float centered = x[offset + i] - mean;
            variance += centered * centered;
        }
        float scale = (float) (1.0 / Math.sqrt((float) (variance / n) + eps));
        for (int i = 0; i < n; i++) {
            out[offset + i] = (x[offset + i] - mean) * scale * weight[i] + bias[i];
        }
    }
}
