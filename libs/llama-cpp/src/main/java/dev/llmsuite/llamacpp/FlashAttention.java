package dev.llmsuite.llamacpp;

/** {@code enum llama_flash_attn_type}: whether attention runs as one fused, tiled kernel. */
public enum FlashAttention {
    /** llama.cpp decides (its default): on when the backend supports the kernel for the cache type. */
    AUTO(-1),
    DISABLED(0),
    ENABLED(1);

    final int code;

    FlashAttention(int code) {
        this.code = code;
    }
}
