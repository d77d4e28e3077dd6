package dev.llmsuite.transformer.kernels;

/**
 * How a model stretches rotary positions beyond the context it was pre-trained with, as GGUF's
 * {@code rope.scaling.*} metadata states it. Llama 3.1's scaling is not among the types: its
 * converter bakes it into per-frequency factors (the {@code rope_freqs} tensor), which
 * {@link Rope} takes separately, as it does Phi-3's LongRoPE factors.
 *
 * @param factor          how many times the context was extended; 0 when the file names none
 * @param originalContext the pre-training context, against which YaRN decides which frequencies to stretch
 * @param attentionFactor multiplies every cosine and sine ({@code rope.scaling.attn_factor}, 1 when absent)
 */
public record RopeScaling(Type type, float factor, int originalContext, float attentionFactor) {

    public enum Type {
        /** Positions as they are. */
        NONE,
        /** Every frequency divided by the factor (position interpolation). */
        LINEAR,
        /** Low frequencies interpolated, high ones kept, a linear ramp between, magnitudes raised a little. */
        YARN,
        /** Per-frequency factors stored in the file (Phi-3); only the attention factor comes from here. */
        LONGROPE
    }

    public static final RopeScaling NONE = new RopeScaling(Type.NONE, 0f, 0, 1f);

    /** The multiplier applied to each rotation angle: 1 / factor where the type stretches positions. */
    public float frequencyScale() {
        return type == Type.NONE || factor == 0f ? 1f : 1f / factor;
    }
}
