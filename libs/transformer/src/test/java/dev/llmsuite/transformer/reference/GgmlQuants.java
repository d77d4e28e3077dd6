package dev.llmsuite.transformer.reference;

import dev.llmsuite.llamacpp.LlamaCppLibrary;
import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * ggml's own quantization routines, called through the FFM API in llama.cpp's libraries
 * ({@link LlamaCppLibrary}): the reference quantizers that
 * {@code llama-quantize} runs, the dequantizers, the Q8_K activation quantizer and the CPU dot
 * products. Used to check our encoder byte for byte and our kernels value for value.
 */
public final class GgmlQuants {

    public static final int Q8K_BLOCK_BYTES = 4 + 256 + 2 * 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBRARY = loadLibrary();

    private GgmlQuants() {
    }

    private static SymbolLookup loadLibrary() {
        try {
            // The quantizers live in ggml-base, the Q8_K activation quantizer and the dot products in
            // the CPU variant that the tests pin (haswell: AVX2), so they add up the same way everywhere.
            SymbolLookup lookup = LlamaCppLibrary.load().cpuVariantSymbols();
            handle(lookup, "ggml_cpu_init", FunctionDescriptor.ofVoid()).invokeExact();
            return lookup;
        } catch (Throwable e) {
            throw new IllegalStateException("llama.cpp's library could not be loaded", e);
        }
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lookup.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name)), descriptor);
    }

    private static String suffix(TensorType type) {
        return type.name().toLowerCase(Locale.ROOT).replace("_k", "_K");
    }

    /** {@code quantize_qX_K(src, dst, nrow, n_per_row, NULL)}: what llama-quantize writes without an importance matrix. */
    public static byte[] quantize(TensorType type, float[] values, int rows, int columns) {
        MethodHandle quantize = handle(LIBRARY, "quantize_" + suffix(type), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_FLOAT, values);
            long bytes = type.bytesFor((long) rows * columns);
            MemorySegment dst = arena.allocate(bytes, 64);
            long written = (long) quantize.invokeExact(src, dst, (long) rows, (long) columns, MemorySegment.NULL);
            if (written != bytes) {
                throw new IllegalStateException("quantize wrote " + written + " bytes, expected " + bytes);
            }
            return dst.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** {@code dequantize_row_qX_K}: the floats llama.cpp decodes from a tensor's bytes. */
    public static float[] dequantize(TensorType type, byte[] data, int count) {
        MethodHandle dequantize = handle(LIBRARY, "dequantize_row_" + suffix(type),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            MemorySegment dst = arena.allocate(ValueLayout.JAVA_FLOAT, count);
            dequantize.invokeExact(src, dst, (long) count);
            return dst.toArray(ValueLayout.JAVA_FLOAT);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** {@code quantize_row_q8_K}: the CPU backend's activation quantizer for K-quant products (block_q8_K bytes). */
    public static byte[] quantizeQ8K(float[] x) {
        MethodHandle quantize = handle(LIBRARY, "quantize_row_q8_K",
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
            MemorySegment dst = arena.allocate((long) x.length / 256 * Q8K_BLOCK_BYTES, 64);
            quantize.invokeExact(src, dst, (long) x.length);
            return dst.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** {@code quantize_row_q8_0}: the CPU backend's activation quantizer for Q8_0 and Q4_0 products (block_q8_0 bytes). */
    public static byte[] quantizeQ8_0(float[] x) {
        MethodHandle quantize = handle(LIBRARY, "quantize_row_q8_0",
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
            MemorySegment dst = arena.allocate(TensorType.Q8_0.bytesFor(x.length), 64);
            quantize.invokeExact(src, dst, (long) x.length);
            return dst.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * {@code ggml_vec_dot_qX_K_q8_K} or {@code ggml_vec_dot_q8_0_q8_0}: one stored row times an
     * activation quantized for its type, as llama.cpp's CPU backend computes it.
     */
    public static float dot(TensorType type, byte[] row, byte[] activation, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(row.length, 64).copyFrom(MemorySegment.ofArray(row));
            return new Dot(type, activation).dot(w, 0, n);
        }
    }

    /** A quantized activation in native memory, multiplied by stored rows one call at a time (for benchmarks). */
    public static final class Dot {
        private final MethodHandle dot;
        private final MemorySegment activation;
        private final MemorySegment result;

        public Dot(TensorType type, byte[] quantizedActivation) {
            String activationType = type.isKQuant() ? "_q8_K" : "_q8_0";
            dot = handle(LIBRARY, "ggml_vec_dot_" + suffix(type) + activationType, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            activation = Arena.ofAuto().allocate(quantizedActivation.length, 64).copyFrom(MemorySegment.ofArray(quantizedActivation));
            result = Arena.ofAuto().allocate(ValueLayout.JAVA_FLOAT);
        }

        /** The row of n values stored at byte {@code offset} of {@code weights} (native memory) times the activation. */
        public float dot(MemorySegment weights, long offset, int n) {
            try {
                dot.invokeExact(n, result, 0L, weights.asSlice(offset), 0L, activation, 0L, 1);
                return result.get(ValueLayout.JAVA_FLOAT, 0);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
