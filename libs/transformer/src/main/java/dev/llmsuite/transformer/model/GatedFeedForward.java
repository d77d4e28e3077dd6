package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.util.List;

/**
 * One layer's gated feed-forward network: down(act(gate x) * up x). The gate and up projections
 * are two matrices, or one of twice the height whose first half is the gate (Phi-3's
 * {@code gate_up_proj}, stored as {@code ffn_up}).
 */
final class GatedFeedForward {

    /** The non-linearity on the gate. */
    enum Gate {
        /** x * sigmoid(x): Llama, Qwen, Phi-3, SmolLM3. */
        SILU,
        /** GELU, tanh form: Gemma. */
        GELU
    }

    /** The non-linearity's cost per value, in multiply-adds, as {@link Parallel} counts work. */
    private static final long EFFORT_PER_VALUE = 20;

    private final int hiddenDim;
    private final Gate kind;
    private final WeightMatrix gate;
    private final WeightMatrix up;
    private final WeightMatrix gateUp;
    private final WeightMatrix down;

    GatedFeedForward(WeightBinder w, ModelConfig c, int layer, Gate kind) {
        String block = "blk." + layer + ".";
        this.hiddenDim = c.hiddenDim();
        this.kind = kind;
        boolean fused = !w.has(block + "ffn_gate.weight");
        gateUp = fused ? w.matrix(block + "ffn_up.weight", 2 * hiddenDim, c.dim()) : null;
        gate = fused ? null : w.matrix(block + "ffn_gate.weight", hiddenDim, c.dim());
        up = fused ? null : w.matrix(block + "ffn_up.weight", hiddenDim, c.dim());
        down = w.matrix(block + "ffn_down.weight", c.dim(), hiddenDim);
    }

    /** The feed-forward output for {@code n} normalized rows {@code x}, written to {@code out}. */
    void forward(float[] x, int n, float[] out) {
        float[] hidden = new float[n * hiddenDim];
        float[] hiddenUp = new float[n * hiddenDim];
        if (gateUp != null) {
            float[] both = new float[n * 2 * hiddenDim];
            gateUp.multiply(x, n, both);
            for (int t = 0; t < n; t++) {
                System.arraycopy(both, 2 * t * hiddenDim, hidden, t * hiddenDim, hiddenDim);
                System.arraycopy(both, (2 * t + 1) * hiddenDim, hiddenUp, t * hiddenDim, hiddenDim);
            }
        } else {
            WeightMatrix.multiplyEach(x, n, List.of(gate, up), List.of(hidden, hiddenUp));
        }
        // An exponential or a table lookup per value: across a prompt, worth the thread team.
        Parallel.forRange(n, EFFORT_PER_VALUE * hiddenDim, (from, to) -> {
            switch (kind) {
                case SILU -> Activation.swiglu(hidden, hiddenUp, from * hiddenDim, to * hiddenDim);
                case GELU -> Activation.geglu(hidden, hiddenUp, from * hiddenDim, to * hiddenDim);
            }
        });
        down.multiply(hidden, n, out);
    }
}
