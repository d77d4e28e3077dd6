package dev.llmsuite.transformer.llama2c;

import dev.llmsuite.transformer.gguf.GgufFormatException;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.model.ModelConfig;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A llama2.c checkpoint ({@code .bin}): a header of seven int32 (dim, hidden_dim, n_layers,
 * n_heads, n_kv_heads, vocab_size, seq_len) followed by float32 tensors in run.c's order. A
 * negative vocab_size means the classifier is stored separately at the end instead of being tied
 * to the token embedding.
 *
 * <p>The tensors are exposed under their GGUF names, as slices of the memory-mapped file, so the
 * same {@code Llama} forward pass runs them and the converter can write them out unchanged.
 */
public final class Llama2cCheckpoint implements AutoCloseable {

    private static final int HEADER_BYTES = 7 * Integer.BYTES;

    private final Arena arena;
    private final ModelConfig config;
    private final Map<String, GgufTensor> tensors;

    private Llama2cCheckpoint(Arena arena, ModelConfig config, Map<String, GgufTensor> tensors) {
        this.arena = arena;
        this.config = config;
        this.tensors = tensors;
    }

    public static Llama2cCheckpoint open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            if (file.byteSize() < HEADER_BYTES) {
                throw new GgufFormatException(path + " is too short for a llama2.c checkpoint");
            }
            int[] h = new int[7];
            for (int i = 0; i < 7; i++) {
                h[i] = file.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i);
            }
            int dim = h[0];
            int hidden = h[1];
            int layers = h[2];
            int heads = h[3];
            int kvHeads = h[4];
            boolean sharedClassifier = h[5] > 0;
            int vocab = Math.abs(h[5]);
            int seqLen = h[6];
            var config = ModelConfig.of("llama", dim, hidden, layers, heads, kvHeads, vocab, seqLen);
            var slicer = new Slicer(file, path);
            int kvDim = config.kvDim();
            Map<String, GgufTensor> tensors = new LinkedHashMap<>();
            slicer.put(tensors, "token_embd.weight", dim, vocab);
            slicer.perLayer(tensors, layers, "attn_norm.weight", dim, 1);
            slicer.perLayer(tensors, layers, "attn_q.weight", dim, dim);
            slicer.perLayer(tensors, layers, "attn_k.weight", dim, kvDim);
            slicer.perLayer(tensors, layers, "attn_v.weight", dim, kvDim);
            slicer.perLayer(tensors, layers, "attn_output.weight", dim, dim);
            slicer.perLayer(tensors, layers, "ffn_norm.weight", dim, 1);
            slicer.perLayer(tensors, layers, "ffn_gate.weight", dim, hidden);
            slicer.perLayer(tensors, layers, "ffn_down.weight", hidden, dim);
            slicer.perLayer(tensors, layers, "ffn_up.weight", dim, hidden);
            slicer.put(tensors, "output_norm.weight", dim, 1);
            // The RoPE tables run.c's exporter stored are recomputed, not read.
            slicer.skip(2L * seqLen * (dim / heads / 2));
            if (!sharedClassifier) {
                slicer.put(tensors, "output.weight", dim, vocab);
            }
            return new Llama2cCheckpoint(arena, config, tensors);
        } catch (RuntimeException | IOException e) {
            arena.close();
            throw e;
        }
    }

    /** Hands out consecutive float32 tensors of the file. */
    private static final class Slicer {
        private final MemorySegment file;
        private final Path path;
        private long offset = HEADER_BYTES;

        Slicer(MemorySegment file, Path path) {
            this.file = file;
            this.path = path;
        }

        void skip(long floats) {
            offset += 4 * floats;
        }

        void put(Map<String, GgufTensor> tensors, String name, long columns, long rows) {
            long bytes = 4 * columns * rows;
            if (offset + bytes > file.byteSize()) {
                throw new GgufFormatException(path + " ends before tensor " + name + ": not a llama2.c checkpoint of the shape its header claims");
            }
            long[] shape = rows == 1 ? new long[] {columns} : new long[] {columns, rows};
            tensors.put(name, new GgufTensor(name, TensorType.F32, shape, file.asSlice(offset, bytes)));
            offset += bytes;
        }

        /** run.c stores each weight kind for all layers together. */
        void perLayer(Map<String, GgufTensor> tensors, int layers, String suffix, long columns, long rows) {
            for (int l = 0; l < layers; l++) {
                put(tensors, "blk." + l + "." + suffix, columns, rows);
            }
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** The weights under their GGUF names. */
    public Map<String, GgufTensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        arena.close();
    }
}
