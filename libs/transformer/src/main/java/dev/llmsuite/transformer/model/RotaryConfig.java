package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;
import dev.llmsuite.transformer.kernels.RopeScaling;
import java.util.Locale;

/**
 * The rotary-position settings of a model.
 *
 * @param base      {@code rope.freq_base}: the wavelength scale of the slowest rotating pair
 * @param localBase the base of sliding-window layers ({@code rope.freq_base_swa}; Gemma 3 keeps
 *                  10,000 there while its global layers use 1,000,000)
 * @param dims      how many leading values of each head rotate ({@code rope.dimension_count})
 * @param scaling   how positions are stretched beyond the pre-training context
 */
public record RotaryConfig(float base, float localBase, int dims, RopeScaling scaling) {

    static RotaryConfig plain(float base, int dims) {
        return new RotaryConfig(base, base, dims, RopeScaling.NONE);
    }

    public RotaryConfig withDims(int rotated) {
        return new RotaryConfig(base, localBase, rotated, scaling);
    }

    public RotaryConfig withBase(float global, float local) {
        return new RotaryConfig(global, local, dims, scaling);
    }

    public RotaryConfig withScaling(RopeScaling stretch) {
        return new RotaryConfig(base, localBase, dims, stretch);
    }

    static RotaryConfig read(GgufFile file, String arch, int headSize, int contextLength) {
        String prefix = arch + ".rope.";
        float base = file.real(prefix + "freq_base", 10000f);
        // Gemma 3 files written before the key existed rely on llama.cpp's default of 10,000.
        float localBase = file.real(prefix + "freq_base_swa", arch.equals("gemma3") ? 10000f : base);
        int dims = file.integer(prefix + "dimension_count", headSize);
        if (dims > headSize || dims % 2 != 0) {
            throw new GgufFormatException("'" + prefix + "dimension_count' is " + dims + "; it must be even and at most the head size " + headSize);
        }
        return new RotaryConfig(base, localBase, dims, scaling(file, prefix, contextLength));
    }

    /** {@code rope.scaling.*}; llama.cpp's default type is linear, which a missing factor makes a no-op. */
    private static RopeScaling scaling(GgufFile file, String prefix, int contextLength) {
        String name = file.string(prefix + "scaling.type", "linear");
        RopeScaling.Type type;
        try {
            type = RopeScaling.Type.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException("RoPE scaling '" + name + "' (" + prefix + "scaling.type) is not supported; supported: none, linear, yarn, longrope");
        }
        float factor = file.real(prefix + "scaling.factor", file.real(prefix + "scale_linear", 0f));
        if (type == RopeScaling.Type.LINEAR && factor == 0f) {
            type = RopeScaling.Type.NONE;
        }
        int originalContext = file.integer(prefix + "scaling.original_context_length", contextLength);
        float attentionFactor = file.real(prefix + "scaling.attn_factor", 1f);
        return new RopeScaling(type, factor, originalContext, attentionFactor);
    }
}
