package dev.llmsuite.llamacpp;

/**
 * {@code enum llama_ftype}: what {@code llama_model_quantize} makes of a model. The K-quant mixes
 * (_S, _M, _L) give some tensors a higher type than the name says, as llama.cpp's presets do.
 */
public enum FileType {
    ALL_F32(0),
    MOSTLY_F16(1),
    MOSTLY_Q4_0(2),
    MOSTLY_Q8_0(7),
    MOSTLY_Q2_K(10),
    MOSTLY_Q3_K_S(11),
    MOSTLY_Q3_K_M(12),
    MOSTLY_Q3_K_L(13),
    MOSTLY_Q4_K_S(14),
    MOSTLY_Q4_K_M(15),
    MOSTLY_Q5_K_S(16),
    MOSTLY_Q5_K_M(17),
    MOSTLY_Q6_K(18),
    MOSTLY_BF16(32);

    final int code;

    FileType(int code) {
        this.code = code;
    }
}
