package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;

/**
 * Sliding-window attention: in the layers it marks, a position attends only to the last
 * {@code size} positions, its own included. Gemma alternates such local layers with global ones.
 *
 * @param size   0 when no layer slides
 * @param layers for each layer, whether it slides
 */
public record SlidingWindow(int size, boolean[] layers) {

    public static SlidingWindow none(int layerCount) {
        return new SlidingWindow(0, new boolean[layerCount]);
    }

    /**
     * A window over a repeating pattern of {@code period} layers, all sliding but the last of each
     * period (llama.cpp's convention; period 0 makes every layer slide).
     */
    public static SlidingWindow periodic(int size, int period, int layerCount) {
        boolean[] layers = new boolean[layerCount];
        for (int l = 0; l < layerCount; l++) {
            layers[l] = period == 0 || l % period < period - 1;
        }
        return new SlidingWindow(size, layers);
    }

    /** The window of one layer, 0 when the layer sees the whole context. */
    public int sizeFor(int layer) {
        return layers[layer] ? size : 0;
    }

    public boolean slides(int layer) {
        return size > 0 && layers[layer];
    }

    /** The period llama.cpp assumes for an architecture when the file names no pattern. */
    static int defaultPeriod(String arch) {
        return switch (arch) {
            case "gemma2" -> 2;
            case "gemma3" -> 6;
            default -> 0;
        };
    }

    /**
     * {@code attention.sliding_window} and {@code attention.sliding_window_pattern} (a period or
     * one flag per layer). Gemma 2 slides by 4,096 even when the file says nothing. Phi-3 files
     * carry a window that llama.cpp switches off (it does not match how the models were trained);
     * so do we.
     */
    static SlidingWindow read(GgufFile file, String arch, int layerCount) {
        int size = switch (arch) {
            case "gemma2" -> file.integer(arch + ".attention.sliding_window", 4096);
            case "phi3", "gpt2" -> 0;
            default -> file.integer(arch + ".attention.sliding_window", 0);
        };
        if (size <= 0) {
            return none(layerCount);
        }
        return switch (file.metadata().get(arch + ".attention.sliding_window_pattern")) {
            case null -> periodic(size, defaultPeriod(arch), layerCount);
            case Number period -> periodic(size, period.intValue(), layerCount);
            case boolean[] flags when flags.length == layerCount -> new SlidingWindow(size, flags.clone());
            default -> throw new GgufFormatException("'" + arch + ".attention.sliding_window_pattern' must be a period or one flag for each of "
                    + layerCount + " layers");
        };
    }
}
