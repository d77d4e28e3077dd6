package dev.llmsuite.transformer.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GGUF (version 2 or 3) file, memory-mapped: the metadata is parsed eagerly, the tensors stay
 * slices of the mapping so a model's weights are paged in by the OS, never copied onto the heap.
 *
 * <p>Layout: magic "GGUF", version, tensor count, metadata count, the key/value pairs, the tensor
 * descriptors (name, dimensions, type, offset), padding to {@code general.alignment}, then data.
 */
public final class GgufFile implements AutoCloseable {

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian int
    static final int DEFAULT_ALIGNMENT = 32;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Arena arena;
    private final Map<String, Object> metadata;
    private final Map<String, GgufTensor> tensors;

    private GgufFile(Arena arena, Map<String, Object> metadata, Map<String, GgufTensor> tensors) {
        this.arena = arena;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return parse(file, arena, path);
        } catch (RuntimeException | IOException e) {
            arena.close();
            throw e;
        }
    }

    private static GgufFile parse(MemorySegment file, Arena arena, Path path) {
        Cursor in = new Cursor(file, path);
        if (in.int32() != MAGIC) {
            throw new GgufFormatException(path + " is not a GGUF file (bad magic)");
        }
        int version = in.int32();
        if (version != 2 && version != 3) {
            throw new GgufFormatException(path + " is GGUF version " + version + "; supported versions: 2, 3");
        }
        long tensorCount = in.int64();
        long metadataCount = in.int64();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = in.string();
            metadata.put(key, in.value(GgufValueType.of(in.int32())));
        }
        record Descriptor(String name, long[] shape, int type, long offset) {
        }
        Descriptor[] descriptors = new Descriptor[Math.toIntExact(tensorCount)];
        for (int i = 0; i < descriptors.length; i++) {
            String name = in.string();
            long[] shape = new long[in.int32()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.int64();
            }
            descriptors[i] = new Descriptor(name, shape, in.int32(), in.int64());
        }
        long alignment = metadata.get("general.alignment") instanceof Integer a ? a : DEFAULT_ALIGNMENT;
        long dataStart = align(in.position, alignment);
        Map<String, GgufTensor> tensors = new LinkedHashMap<>();
        for (Descriptor d : descriptors) {
            TensorType type = TensorType.ofGgmlId(d.type, d.name);
            long elements = 1;
            for (long n : d.shape) {
                elements *= n;
            }
            long start = dataStart + d.offset;
            long bytes = type.bytesFor(elements);
            if (start + bytes > file.byteSize()) {
                throw new GgufFormatException(path + ": tensor '" + d.name + "' lies past the end of the file (truncated download?)");
            }
            tensors.put(d.name, new GgufTensor(d.name, type, d.shape, file.asSlice(start, bytes)));
        }
        return new GgufFile(arena, metadata, tensors);
    }

    static long align(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    public Map<String, GgufTensor> tensors() {
        return tensors;
    }

    public GgufTensor tensor(String name) {
        GgufTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new GgufFormatException("The model has no tensor '" + name + "'");
        }
        return tensor;
    }

    public String string(String key) {
        return (String) required(key);
    }

    public String string(String key, String fallback) {
        return metadata.get(key) instanceof String s ? s : fallback;
    }

    public int integer(String key) {
        return ((Number) required(key)).intValue();
    }

    public int integer(String key, int fallback) {
        return metadata.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    public float real(String key, float fallback) {
        return metadata.get(key) instanceof Number n ? n.floatValue() : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        return metadata.get(key) instanceof Boolean b ? b : fallback;
    }

    public Object required(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            throw new GgufFormatException("The model's metadata lacks '" + key + "'");
        }
        return value;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Reads the little-endian header sequentially. */
    private static final class Cursor {
        private final MemorySegment file;
        private final Path path;
        private long position;

        Cursor(MemorySegment file, Path path) {
            this.file = file;
            this.path = path;
        }

        private void need(long bytes) {
            if (position + bytes > file.byteSize()) {
                throw new GgufFormatException(path + ": GGUF header is truncated");
            }
        }

        int int32() {
            need(4);
            int v = file.get(INT, position);
            position += 4;
            return v;
        }

        long int64() {
            need(8);
            long v = file.get(LONG, position);
            position += 8;
            return v;
        }

        byte int8() {
            need(1);
            return file.get(ValueLayout.JAVA_BYTE, position++);
        }

        short int16() {
            need(2);
            short v = file.get(ValueLayout.JAVA_SHORT_UNALIGNED, position);
            position += 2;
            return v;
        }

        String string() {
            int length = Math.toIntExact(int64());
            need(length);
            byte[] bytes = file.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE);
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Object value(GgufValueType type) {
            return switch (type) {
                case UINT8 -> int8() & 0xFF;
                case INT8 -> (int) int8();
                case UINT16 -> int16() & 0xFFFF;
                case INT16 -> (int) int16();
                case UINT32, INT32 -> int32();
                case FLOAT32 -> Float.intBitsToFloat(int32());
                case BOOL -> int8() != 0;
                case STRING -> string();
                case UINT64, INT64 -> int64();
                case FLOAT64 -> Double.longBitsToDouble(int64());
                case ARRAY -> array();
            };
        }

        /** Arrays become primitive Java arrays (int[], float[], ...) or String[]; nested ones Object[]. */
        private Object array() {
            GgufValueType type = GgufValueType.of(int32());
            int n = Math.toIntExact(int64());
            switch (type) {
                case FLOAT32 -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Float.intBitsToFloat(int32());
                    }
                    return a;
                }
                case STRING -> {
                    String[] a = new String[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = string();
                    }
                    return a;
                }
                case UINT8, INT8, UINT16, INT16, UINT32, INT32 -> {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (Integer) value(type);
                    }
                    return a;
                }
                case BOOL -> {
                    boolean[] a = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = int8() != 0;
                    }
                    return a;
                }
                case UINT64, INT64 -> {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = int64();
                    }
                    return a;
                }
                default -> {
                    Object[] a = new Object[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = value(type);
                    }
                    return a;
                }
            }
        }
    }
}
