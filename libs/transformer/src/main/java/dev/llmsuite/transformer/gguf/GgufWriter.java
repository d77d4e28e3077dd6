package dev.llmsuite.transformer.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes GGUF version 3 files: typed metadata, then tensors already encoded in their
 * {@link TensorType} (see {@code tensor.Quantization}). Used to build synthetic models that this
 * engine and llama.cpp both load, and by the llama2.c converter.
 *
 * <p>Metadata types matter: llama.cpp rejects a key stored with a different type than it expects
 * (e.g. {@code llama.block_count} must be UINT32), so each put method names its type.
 */
public final class GgufWriter {

    private record Entry(String key, GgufValueType type, Object value) {
    }

    private record Tensor(String name, TensorType type, long[] shape, long bytes, Supplier<byte[]> data) {
    }

    private final List<Entry> metadata = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUint32(String key, int value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufWriter putStringArray(String key, String[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    public GgufWriter putFloat32Array(String key, float[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    public GgufWriter putBoolArray(String key, boolean[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    private GgufWriter put(String key, GgufValueType type, Object value) {
        metadata.add(new Entry(key, type, value));
        return this;
    }

    /** Adds a tensor; {@code shape[0]} is the row length; {@code data} is already in {@code type}'s encoding. */
    public GgufWriter addTensor(String name, TensorType type, long[] shape, byte[] data) {
        return addTensor(name, type, shape, () -> data);
    }

    /**
     * Adds a tensor whose bytes are produced only while the file is written, so a model larger
     * than the heap can be written one tensor at a time.
     */
    public GgufWriter addTensor(String name, TensorType type, long[] shape, Supplier<byte[]> data) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        tensors.add(new Tensor(name, type, shape.clone(), type.bytesFor(elements), data));
        return this;
    }

    public void write(Path path) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            Output out = new Output(file);
            out.int32(GgufFile.MAGIC);
            out.int32(3);
            out.int64(tensors.size());
            out.int64(metadata.size());
            for (Entry e : metadata) {
                out.string(e.key);
                out.int32(e.type.ordinal());
                out.value(e.type, e.value);
            }
            long offset = 0;
            for (Tensor t : tensors) {
                out.string(t.name);
                out.int32(t.shape.length);
                for (long d : t.shape) {
                    out.int64(d);
                }
                out.int32(t.type.ggmlId);
                out.int64(offset);
                offset = GgufFile.align(offset + t.bytes, GgufFile.DEFAULT_ALIGNMENT);
            }
            out.padTo(GgufFile.DEFAULT_ALIGNMENT);
            for (Tensor t : tensors) {
                byte[] data = t.data.get();
                if (data.length != t.bytes) {
                    throw new IllegalArgumentException("Tensor '" + t.name + "' needs " + t.bytes + " bytes of " + t.type + ", got " + data.length);
                }
                out.bytes(data);
                out.padTo(GgufFile.DEFAULT_ALIGNMENT);
            }
        }
    }

    private static final class Output {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        Output(OutputStream out) {
            this.out = out;
        }

        void bytes(byte[] b) throws IOException {
            out.write(b);
            written += b.length;
        }

        void int32(int v) throws IOException {
            scratch.clear().putInt(v);
            bytes(scratch.array(), 4);
        }

        void int64(long v) throws IOException {
            scratch.clear().putLong(v);
            bytes(scratch.array(), 8);
        }

        private void bytes(byte[] b, int n) throws IOException {
            out.write(b, 0, n);
            written += n;
        }

        void string(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            int64(utf8.length);
            bytes(utf8);
        }

        void padTo(int alignment) throws IOException {
            while (written % alignment != 0) {
                out.write(0);
                written++;
            }
        }

        void value(GgufValueType type, Object value) throws IOException {
            switch (type) {
                case STRING -> string((String) value);
                case UINT32, INT32 -> int32((Integer) value);
                case FLOAT32 -> int32(Float.floatToRawIntBits((Float) value));
                case BOOL -> bytes(new byte[] {(byte) ((Boolean) value ? 1 : 0)});
                case ARRAY -> array(value);
                default -> throw new IllegalArgumentException("Writer does not emit " + type);
            }
        }

        private void array(Object value) throws IOException {
            switch (value) {
                case String[] a -> {
                    int32(GgufValueType.STRING.ordinal());
                    int64(a.length);
                    for (String s : a) {
                        string(s);
                    }
                }
                case float[] a -> {
                    int32(GgufValueType.FLOAT32.ordinal());
                    int64(a.length);
                    for (float f : a) {
                        int32(Float.floatToRawIntBits(f));
                    }
                }
                case int[] a -> {
                    int32(GgufValueType.INT32.ordinal());
                    int64(a.length);
                    for (int i : a) {
                        int32(i);
                    }
                }
                case boolean[] a -> {
                    int32(GgufValueType.BOOL.ordinal());
                    int64(a.length);
                    for (boolean b : a) {
                        bytes(new byte[] {(byte) (b ? 1 : 0)});
                    }
                }
                default -> throw new IllegalArgumentException("Unsupported array " + value.getClass());
            }
        }
    }
}
