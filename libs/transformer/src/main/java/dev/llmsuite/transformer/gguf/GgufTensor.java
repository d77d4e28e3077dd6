package dev.llmsuite.transformer.gguf;

import java.lang.foreign.MemorySegment;

/**
 * One tensor of a GGUF file. {@code shape[0]} is the innermost dimension (a row's length), as in
 * ggml; a weight matrix of {@code shape = [cols, rows]} maps {@code cols} inputs to {@code rows}
 * outputs. {@code data} is a slice of the memory-mapped file.
 */
public record GgufTensor(String name, TensorType type, long[] shape, MemorySegment data) {

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public int columns() {
        return Math.toIntExact(shape[0]);
    }

    public int rows() {
        return Math.toIntExact(elements() / shape[0]);
    }
}
