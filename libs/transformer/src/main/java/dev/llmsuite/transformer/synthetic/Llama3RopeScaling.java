package dev.llmsuite.transformer.synthetic;

/**
 * Llama 3.1's way of stretching rotary positions from an 8K pre-training context to 128K, given as
 * Hugging Face's {@code rope_scaling} states it. Frequencies whose wavelength is short against the
 * original context stay as they are, long ones are divided by {@code factor}, and those between
 * are blended smoothly. llama.cpp's converter turns this into one divisor per rotary pair, the
 * {@code rope_freqs} tensor, and so does {@link #factors}; the engine only ever reads the tensor.
 */
public record Llama3RopeScaling(float factor, float lowFrequencyFactor, float highFrequencyFactor, int originalContext) {

    /** Llama 3.1 and 3.2's published values. */
    public static final Llama3RopeScaling LLAMA_3_1 = new Llama3RopeScaling(8f, 1f, 4f, 8192);

    /** The divisor of each pair's frequency for rotary base {@code base} over {@code dims} values. */
    public float[] factors(float base, int dims) {
        double lowFrequencyWavelength = originalContext / (double) lowFrequencyFactor;
        double highFrequencyWavelength = originalContext / (double) highFrequencyFactor;
        float[] factors = new float[dims / 2];
        for (int j = 0; j < factors.length; j++) {
            double frequency = 1.0 / Math.pow(base, 2.0 * j / dims);
            double wavelength = 2 * Math.PI / frequency;
            if (wavelength < highFrequencyWavelength) {
                factors[j] = 1f;
            } else if (wavelength > lowFrequencyWavelength) {
                factors[j] = factor;
            } else {
                double smooth = (originalContext / wavelength - lowFrequencyFactor) / (highFrequencyFactor - lowFrequencyFactor);
                factors[j] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
