package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * A {@code struct llama_batch} with room for {@code capacity} tokens: each token has a position,
 * one sequence id and a flag that asks for its logits. The arrays live in native memory owned by
 * the batch, so filling it costs no allocation and {@code llama_decode} reads them in place.
 */
public final class Batch implements AutoCloseable {

    static final StructLayout LAYOUT = C.checked(MemoryLayout.structLayout(
            C.INT.withName("n_tokens"),
            MemoryLayout.paddingLayout(4),
            C.POINTER.withName("token"),
            C.POINTER.withName("embd"),
            C.POINTER.withName("pos"),
            C.POINTER.withName("n_seq_id"),
            C.POINTER.withName("seq_id"),
            C.POINTER.withName("logits")).withName("llama_batch"), 56);

    private static final long N_TOKENS = C.offset(LAYOUT, "n_tokens");

    private final Arena arena = Arena.ofShared();
    private final int capacity;
    final MemorySegment struct;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment sequenceIds;
    private final MemorySegment outputs;
    private int size;

    public Batch(int capacity) {
        this.capacity = capacity;
        this.struct = arena.allocate(LAYOUT);
        this.tokens = arena.allocate(C.INT, capacity);
        this.positions = arena.allocate(C.INT, capacity);
        this.sequenceIds = arena.allocate(C.INT, capacity);
        this.outputs = arena.allocate(C.INT8, capacity);
        MemorySegment sequenceCounts = arena.allocate(C.INT, capacity);
        MemorySegment sequenceIdLists = arena.allocate(C.POINTER, capacity);
        for (int i = 0; i < capacity; i++) {
            sequenceCounts.setAtIndex(C.INT, i, 1);
            sequenceIdLists.setAtIndex(C.POINTER, i, sequenceIds.asSlice(4L * i, 4));
        }
        struct.set(C.POINTER, C.offset(LAYOUT, "token"), tokens);
        struct.set(C.POINTER, C.offset(LAYOUT, "embd"), MemorySegment.NULL);
        struct.set(C.POINTER, C.offset(LAYOUT, "pos"), positions);
        struct.set(C.POINTER, C.offset(LAYOUT, "n_seq_id"), sequenceCounts);
        struct.set(C.POINTER, C.offset(LAYOUT, "seq_id"), sequenceIdLists);
        struct.set(C.POINTER, C.offset(LAYOUT, "logits"), outputs);
        clear();
    }

    /** Adds a token at {@code position} of {@code sequence}; returns its index in the batch, which names its logits. */
    public int add(int token, int position, int sequence, boolean wantLogits) {
        if (size == capacity) {
            throw new IllegalStateException("the batch holds " + capacity + " tokens");
        }
        tokens.setAtIndex(C.INT, size, token);
        positions.setAtIndex(C.INT, size, position);
        sequenceIds.setAtIndex(C.INT, size, sequence);
        outputs.set(C.INT8, size, (byte) (wantLogits ? 1 : 0));
        struct.set(C.INT, N_TOKENS, ++size);
        return size - 1;
    }

    public void clear() {
        size = 0;
        struct.set(C.INT, N_TOKENS, 0);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    @Override
    public void close() {
        arena.close();
    }
}
