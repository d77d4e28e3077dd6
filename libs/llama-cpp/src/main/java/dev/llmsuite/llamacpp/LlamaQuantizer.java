package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * {@code llama_model_quantize}: llama.cpp rewrites a GGUF model with its matrices quantized, so that
 * tests can hold our quantizers against llama.cpp's byte for byte.
 */
public final class LlamaQuantizer {

    /** {@code struct llama_model_quantize_params} of this build's llama.h. */
    static final StructLayout PARAMS = C.checked(MemoryLayout.structLayout(
            C.INT.withName("nthread"),
            C.INT.withName("ftype"),
            C.INT.withName("output_tensor_type"),
            C.INT.withName("token_embedding_type"),
            C.BOOL.withName("allow_requantize"),
            C.BOOL.withName("quantize_output_tensor"),
            C.BOOL.withName("only_copy"),
            C.BOOL.withName("pure"),
            C.BOOL.withName("keep_split"),
            C.BOOL.withName("dry_run"),
            MemoryLayout.paddingLayout(2),
            C.POINTER.withName("imatrix"),
            C.POINTER.withName("kv_overrides"),
            C.POINTER.withName("tt_overrides"),
            C.POINTER.withName("prune_layers"),
            C.INT64.withName("max_buf_size")).withName("llama_model_quantize_params"), 64);

    private static final long THREADS = C.offset(PARAMS, "nthread");
    private static final long FILE_TYPE = C.offset(PARAMS, "ftype");
    private static final long OUTPUT_TENSOR_TYPE = C.offset(PARAMS, "output_tensor_type");
    private static final long TOKEN_EMBEDDING_TYPE = C.offset(PARAMS, "token_embedding_type");
    private static final long PURE = C.offset(PARAMS, "pure");

    private static final MethodHandle DEFAULTS = LlamaCppLibrary.load()
            .function("llama_model_quantize_default_params", FunctionDescriptor.of(PARAMS));
    private static final MethodHandle QUANTIZE = LlamaCppLibrary.load()
            .function("llama_model_quantize", FunctionDescriptor.of(C.INT, C.POINTER, C.POINTER, C.POINTER));

    private LlamaQuantizer() {
    }

    /**
     * What to make of the model.
     *
     * @param type           the preset ({@code llama_ftype})
     * @param pure           every matrix in the preset's base type, none promoted (as
     *                       {@code llama-quantize --pure})
     * @param outputType     type of {@code output.weight}, or null for the preset's choice
     * @param embeddingType  type of {@code token_embd.weight}, or null for the preset's choice
     * @param threads        threads that quantize
     */
    public record Options(FileType type, boolean pure, GgmlType outputType, GgmlType embeddingType, int threads) {

        /** The preset as {@code llama-quantize} applies it. */
        public static Options of(FileType type) {
            return new Options(type, false, null, null, Runtime.getRuntime().availableProcessors());
        }

        public Options purely() {
            return new Options(type, true, outputType, embeddingType, threads);
        }

        public Options withOutputType(GgmlType output) {
            return new Options(type, pure, output, embeddingType, threads);
        }

        public Options withEmbeddingType(GgmlType embedding) {
            return new Options(type, pure, outputType, embedding, threads);
        }
    }

    public static void quantize(Path input, Path output, Options options) {
        LlamaCppLibrary.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) LlamaCppLibrary.invoke(DEFAULTS, (SegmentAllocator) arena);
            params.set(C.INT, THREADS, options.threads());
            params.set(C.INT, FILE_TYPE, options.type().code);
            params.set(C.BOOL, PURE, options.pure());
            if (options.outputType() != null) {
                params.set(C.INT, OUTPUT_TENSOR_TYPE, options.outputType().id);
            }
            if (options.embeddingType() != null) {
                params.set(C.INT, TOKEN_EMBEDDING_TYPE, options.embeddingType().id);
            }
            int status = (int) LlamaCppLibrary.invoke(QUANTIZE, arena.allocateFrom(input.toAbsolutePath().toString()),
                    arena.allocateFrom(output.toAbsolutePath().toString()), params);
            if (status != 0) {
                throw new IllegalStateException("llama.cpp could not quantize " + input + " to " + options.type() + NativeLog.lastError());
            }
        }
    }
}
