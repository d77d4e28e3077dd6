package dev.llmsuite.transformer.tensor;

import dev.llmsuite.transformer.gguf.TensorType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which type each matrix of a Llama-style model gets, as {@code llama-quantize} decides it for
 * its presets (no importance matrix, dense model, output not tied to the embedding): the K-quant
 * mixes give the tensors that matter most more bits. A pure preset stores every matrix in one
 * type ({@code llama-quantize --pure}).
 *
 * <pre>
 * preset   base   output  attn_v                     ffn_down                   attn_output
 * Q2_K     Q2_K   Q6_K    Q3_K (Q4_K if GQA >= 4)    Q3_K                       Q3_K
 * Q3_K_M   Q3_K   Q6_K    Q5_K first 2 layers, Q4_K  Q5_K first 1/16, Q4_K      Q4_K
 * Q4_K_M   Q4_K   Q6_K    Q6_K in "more bits" layers Q6_K in "more bits" layers Q4_K
 * Q5_K_M   Q5_K   Q6_K    Q6_K in "more bits" layers Q6_K in "more bits" layers Q5_K
 * Q6_K     Q6_K   Q6_K    Q6_K                       Q6_K                       Q6_K
 * </pre>
 *
 * "More bits" layers are the first and last eighth and every third layer between them. Rows
 * whose length is not a multiple of 256 fall back to a 32-block type, as in llama.cpp.
 */
public final class QuantizationPreset {

    public static final QuantizationPreset Q2_K = new QuantizationPreset("Q2_K", TensorType.Q2_K, false);
    public static final QuantizationPreset Q3_K_M = new QuantizationPreset("Q3_K_M", TensorType.Q3_K, false);
    public static final QuantizationPreset Q4_K_M = new QuantizationPreset("Q4_K_M", TensorType.Q4_K, false);
    public static final QuantizationPreset Q5_K_M = new QuantizationPreset("Q5_K_M", TensorType.Q5_K, false);
    public static final QuantizationPreset Q6_K = new QuantizationPreset("Q6_K", TensorType.Q6_K, false);

    private final String name;
    private final TensorType base;
    private final boolean pure;

    private QuantizationPreset(String name, TensorType base, boolean pure) {
        this.name = name;
        this.base = base;
        this.pure = pure;
    }

    /** Every matrix in {@code type}. */
    public static QuantizationPreset pure(TensorType type) {
        return new QuantizationPreset(type.name(), type, true);
    }

    public String name() {
        return name;
    }

    /** The type most matrices get. */
    public TensorType base() {
        return base;
    }

    /** A preset by its llama-quantize name (Q4_K_M, ...), or a pure one by a tensor type's name (F32, Q8_0, ...). */
    public static Optional<QuantizationPreset> named(String name) {
        for (QuantizationPreset preset : List.of(Q2_K, Q3_K_M, Q4_K_M, Q5_K_M, Q6_K)) {
            if (preset.name.equals(name)) {
                return Optional.of(preset);
            }
        }
        return Arrays.stream(TensorType.values()).filter(t -> t.name().equals(name)).findFirst().map(QuantizationPreset::pure);
    }

    /**
     * The type of matrix {@code tensor} (a GGUF tensor name such as {@code blk.3.ffn_down.weight})
     * with rows of {@code columns} values, in a model of {@code layers} layers whose query heads
     * share each key/value head {@code groupSize} ways.
     */
    public TensorType typeOf(String tensor, int columns, int layers, int groupSize) {
        if (pure) {
            return base;
        }
        TensorType type = mixed(tensor, layers, groupSize);
        return columns % type.blockSize == 0 ? type : fallback(type, tensor, columns);
    }

    private TensorType mixed(String tensor, int layers, int groupSize) {
        if (tensor.equals("output.weight")) {
            return TensorType.Q6_K;
        }
        int layer = layerOf(tensor);
        if (tensor.endsWith(".attn_v.weight")) {
            return switch (name) {
                case "Q2_K" -> groupSize >= 4 ? TensorType.Q4_K : TensorType.Q3_K;
                case "Q3_K_M" -> layer < 2 ? TensorType.Q5_K : TensorType.Q4_K;
                case "Q4_K_M", "Q5_K_M" -> moreBits(layer, layers) ? TensorType.Q6_K : base;
                default -> base;
            };
        }
        if (tensor.endsWith(".ffn_down.weight")) {
            return switch (name) {
                case "Q2_K" -> TensorType.Q3_K;
                case "Q3_K_M" -> layer < layers / 16 ? TensorType.Q5_K : TensorType.Q4_K;
                case "Q4_K_M", "Q5_K_M" -> moreBits(layer, layers) ? TensorType.Q6_K : base;
                default -> base;
            };
        }
        if (tensor.endsWith(".attn_output.weight")) {
            return switch (name) {
                case "Q2_K" -> TensorType.Q3_K;
                case "Q3_K_M" -> TensorType.Q4_K;
                default -> base;
            };
        }
        return base;
    }

    /** llama.cpp's "use more bits" layers: the first and last eighth, and every third one between. */
    private static boolean moreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static int layerOf(String tensor) {
        if (!tensor.startsWith("blk.")) {
            return -1;
        }
        return Integer.parseInt(tensor.substring(4, tensor.indexOf('.', 4)));
    }

    /** llama.cpp's types for rows that do not hold whole super-blocks; Q5_0 and Q5_1 are not among ours. */
    private static TensorType fallback(TensorType type, String tensor, int columns) {
        TensorType smaller = switch (type) {
            case Q2_K, Q3_K -> TensorType.Q4_0;
            case Q6_K -> TensorType.Q8_0;
            default -> throw new IllegalArgumentException(tensor + " has rows of " + columns + " values; llama.cpp would store it as "
                    + (type == TensorType.Q4_K ? "Q5_0" : "Q5_1") + ", which this engine does not support");
        };
        return columns % smaller.blockSize == 0 ? smaller : TensorType.F16;
    }

    @Override
    public String toString() {
        return name;
    }
}
