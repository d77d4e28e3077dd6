package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/** A GGUF model loaded by llama.cpp on the CPU, memory-mapped. */
public final class LlamaModel implements AutoCloseable {

    private static final MethodHandle LOAD = LlamaCppLibrary.load()
            .function("llama_model_load_from_file", FunctionDescriptor.of(C.POINTER, C.POINTER, ModelParams.LAYOUT));
    private static final MethodHandle FREE = LlamaCppLibrary.load()
            .function("llama_model_free", FunctionDescriptor.ofVoid(C.POINTER));
    private static final MethodHandle VOCABULARY = LlamaCppLibrary.load()
            .function("llama_model_get_vocab", FunctionDescriptor.of(C.POINTER, C.POINTER));
    private static final MethodHandle PARAMETERS = LlamaCppLibrary.load()
            .function("llama_model_n_params", FunctionDescriptor.of(C.INT64, C.POINTER));
    private static final MethodHandle SIZE = LlamaCppLibrary.load()
            .function("llama_model_size", FunctionDescriptor.of(C.INT64, C.POINTER));
    private static final MethodHandle DESCRIPTION = LlamaCppLibrary.load()
            .function("llama_model_desc", FunctionDescriptor.of(C.INT, C.POINTER, C.POINTER, C.INT64));

    final MemorySegment pointer;
    private final Vocabulary vocabulary;
    private final boolean repacked;

    private LlamaModel(MemorySegment pointer, boolean repacked) {
        this.pointer = pointer;
        this.repacked = repacked;
        this.vocabulary = new Vocabulary((MemorySegment) LlamaCppLibrary.invoke(VOCABULARY, pointer));
    }

    /**
     * @param repack whether the CPU backend may repack weights at load into its interleaved layouts
     *               ({@code use_extra_bufts}, on by default in llama.cpp); which types it repacks
     *               depends on the processor (on AVX2: Q4_0, Q4_K, IQ4_NL)
     */
    public static LlamaModel load(Path gguf, boolean repack) {
        LlamaCppLibrary.load();
        if (!Files.isRegularFile(gguf)) {
            throw new IllegalArgumentException("no model file at " + gguf);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment model = (MemorySegment) LlamaCppLibrary.invoke(LOAD,
                    arena.allocateFrom(gguf.toAbsolutePath().toString()), ModelParams.forCpu(arena, repack));
            if (model.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("llama.cpp could not load " + gguf + NativeLog.lastError());
            }
            return new LlamaModel(model, repack);
        }
    }

    /** With llama.cpp's default: weights repacked where the CPU backend has a layout for them. */
    public static LlamaModel load(Path gguf) {
        return load(gguf, true);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LlamaContext newContext(ContextOptions options) {
        return new LlamaContext(this, options);
    }

    public long parameterCount() {
        return (long) LlamaCppLibrary.invoke(PARAMETERS, pointer);
    }

    /** Bytes of all tensors. */
    public long sizeBytes() {
        return (long) LlamaCppLibrary.invoke(SIZE, pointer);
    }

    /** llama.cpp's one-line description, e.g. "llama ?B Q8_0". */
    public String description() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(256);
            LlamaCppLibrary.invoke(DESCRIPTION, pointer, text, 256L);
            return text.getString(0);
        }
    }

    public boolean repacked() {
        return repacked;
    }

    @Override
    public void close() {
        LlamaCppLibrary.invoke(FREE, pointer);
    }
}
