package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A llama.cpp context: the KV cache of one or more sequences, the compute buffers, and a thread
 * pool kept for the context's life. {@link #decode} is the one call that does model work; it
 * reports how long llama.cpp took, so that timings hold nothing of Java's own.
 */
public final class LlamaContext implements AutoCloseable {

    private static final MethodHandle INIT = LlamaCppLibrary.load()
            .function("llama_init_from_model", FunctionDescriptor.of(C.POINTER, C.POINTER, ContextParams.LAYOUT));
    private static final MethodHandle FREE = LlamaCppLibrary.load()
            .function("llama_free", FunctionDescriptor.ofVoid(C.POINTER));
    private static final MethodHandle ATTACH_THREADPOOL = LlamaCppLibrary.load()
            .function("llama_attach_threadpool", FunctionDescriptor.ofVoid(C.POINTER, C.POINTER, C.POINTER));
    private static final MethodHandle DECODE = LlamaCppLibrary.load()
            .function("llama_decode", FunctionDescriptor.of(C.INT, C.POINTER, Batch.LAYOUT));
    private static final MethodHandle SYNCHRONIZE = LlamaCppLibrary.load()
            .function("llama_synchronize", FunctionDescriptor.ofVoid(C.POINTER));
    private static final MethodHandle LOGITS = LlamaCppLibrary.load()
            .function("llama_get_logits_ith", FunctionDescriptor.of(C.POINTER, C.POINTER, C.INT));
    private static final MethodHandle MEMORY = LlamaCppLibrary.load()
            .function("llama_get_memory", FunctionDescriptor.of(C.POINTER, C.POINTER));
    private static final MethodHandle MEMORY_CLEAR = LlamaCppLibrary.load()
            .function("llama_memory_clear", FunctionDescriptor.ofVoid(C.POINTER, C.BOOL));
    private static final MethodHandle SEQUENCE_REMOVE = LlamaCppLibrary.load()
            .function("llama_memory_seq_rm", FunctionDescriptor.of(C.BOOL, C.POINTER, C.INT, C.INT, C.INT));
    private static final MethodHandle SEQUENCE_LAST_POSITION = LlamaCppLibrary.load()
            .function("llama_memory_seq_pos_max", FunctionDescriptor.of(C.INT, C.POINTER, C.INT));
    private static final MethodHandle CONTEXT_LENGTH = LlamaCppLibrary.load()
            .function("llama_n_ctx", FunctionDescriptor.of(C.INT, C.POINTER));
    private static final MethodHandle SEQUENCE_CONTEXT_LENGTH = LlamaCppLibrary.load()
            .function("llama_n_ctx_seq", FunctionDescriptor.of(C.INT, C.POINTER));

    private final LlamaModel model;
    private final ContextOptions options;
    private final Threadpool threadpool;
    private final MemorySegment pointer;
    private final MemorySegment memory;
    private final int vocabularySize;
    private final Batch batch;

    LlamaContext(LlamaModel model, ContextOptions options) {
        this.model = model;
        this.options = options;
        try (Arena arena = Arena.ofConfined()) {
            this.pointer = (MemorySegment) LlamaCppLibrary.invoke(INIT, model.pointer, ContextParams.of(arena, options));
        }
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("llama.cpp could not create a context with " + options + NativeLog.lastError());
        }
        this.threadpool = new Threadpool(options.threads());
        LlamaCppLibrary.invoke(ATTACH_THREADPOOL, pointer, threadpool.pointer, MemorySegment.NULL);
        this.memory = (MemorySegment) LlamaCppLibrary.invoke(MEMORY, pointer);
        this.vocabularySize = model.vocabulary().size();
        this.batch = new Batch(options.batchSize());
    }

    /**
     * Runs a batch through the model ({@code llama_decode}, then {@code llama_synchronize} as
     * llama-bench does) and returns the nanoseconds that took.
     */
    public long decode(Batch tokens) {
        long start = System.nanoTime();
        int status;
        try {
            status = (int) DECODE.invokeExact(pointer, tokens.struct);
            SYNCHRONIZE.invokeExact(pointer);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        long elapsed = System.nanoTime() - start;
        if (status != 0) {
            throw new IllegalStateException("llama_decode returned " + status + (status == 1 ? " (no room left in the KV cache)" : "")
                    + " for a batch of " + tokens.size() + " tokens" + NativeLog.lastError());
        }
        return elapsed;
    }

    /**
     * Decodes {@code tokens} into the cache of {@code sequence} from {@code position} on, as many
     * per call as the batch size allows, with logits for the last token only. Returns the
     * nanoseconds spent in llama.cpp.
     */
    public long prefill(int sequence, int position, int[] tokens) {
        long nanos = 0;
        for (int start = 0; start < tokens.length; start += batch.capacity()) {
            int end = Math.min(tokens.length, start + batch.capacity());
            batch.clear();
            for (int i = start; i < end; i++) {
                batch.add(tokens[i], position + i, sequence, i == tokens.length - 1);
            }
            nanos += decode(batch);
        }
        return nanos;
    }

    /** Decodes one token at the end of {@code sequence}; returns the nanoseconds spent in llama.cpp. */
    public long next(int sequence, int token) {
        batch.clear();
        batch.add(token, nextPosition(sequence), sequence, true);
        return decode(batch);
    }

    /** The best token by the logits of batch entry {@code index} ({@code -1}: the last entry that has logits). */
    public int argmax(int index) {
        MemorySegment logits = logitsOf(index);
        int best = 0;
        float bestValue = logits.getAtIndex(C.FLOAT, 0);
        for (int i = 1; i < vocabularySize; i++) {
            float value = logits.getAtIndex(C.FLOAT, i);
            if (value > bestValue) {
                best = i;
                bestValue = value;
            }
        }
        return best;
    }

    public float[] logits(int index) {
        return logitsOf(index).toArray(C.FLOAT);
    }

    private MemorySegment logitsOf(int index) {
        MemorySegment logits;
        try {
            logits = (MemorySegment) LOGITS.invokeExact(pointer, index);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (logits.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("batch entry " + index + " has no logits" + NativeLog.lastError());
        }
        return logits.reinterpret(4L * vocabularySize);
    }

    /** Forgets every sequence. */
    public void clear() {
        LlamaCppLibrary.invoke(MEMORY_CLEAR, memory, true);
    }

    /** Forgets one sequence. */
    public void removeSequence(int sequence) {
        LlamaCppLibrary.invoke(SEQUENCE_REMOVE, memory, sequence, -1, -1);
    }

    /** The position the next token of {@code sequence} takes: the number of its cached positions. */
    public int nextPosition(int sequence) {
        return (int) LlamaCppLibrary.invoke(SEQUENCE_LAST_POSITION, memory, sequence) + 1;
    }

    /** KV-cache positions in all, as llama.cpp rounded them. */
    public int contextLength() {
        return (int) LlamaCppLibrary.invoke(CONTEXT_LENGTH, pointer);
    }

    /** KV-cache positions one sequence may use. */
    public int sequenceContextLength() {
        return (int) LlamaCppLibrary.invoke(SEQUENCE_CONTEXT_LENGTH, pointer);
    }

    public ContextOptions options() {
        return options;
    }

    public LlamaModel model() {
        return model;
    }

    @Override
    public void close() {
        LlamaCppLibrary.invoke(FREE, pointer);
        threadpool.close();
        batch.close();
    }
}
