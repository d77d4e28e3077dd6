package dev.llmsuite.llamacpp;

/** ggml's tensor types ({@code enum ggml_type}) that the tests and benchmarks name. */
public enum GgmlType {
    F32(0),
    F16(1),
    Q4_0(2),
    Q8_0(8),
    Q2_K(10),
    Q3_K(11),
    Q4_K(12),
    Q5_K(13),
    Q6_K(14),
    BF16(30);

    final int id;

    GgmlType(int id) {
        this.id = id;
    }
}
