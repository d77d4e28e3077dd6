package dev.llmsuite.embedding.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protobuf wire format to edit an ONNX model's graph: a message is its fields
 * in order, each a number with a varint value or the raw bytes of a length-delimited field (a
 * string, bytes, a nested message, a packed repeated field). Fields that are not touched,
 * such as the weights, are written back byte for byte.
 */
final class Protobuf {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** One field: for varints {@code value}, for the other wire types {@code bytes}. */
    record Field(int number, int wireType, long value, byte[] bytes) {

        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Protobuf message() {
            return Protobuf.parse(bytes);
        }
    }

    final List<Field> fields = new ArrayList<>();

    static Protobuf parse(byte[] bytes) {
        Protobuf message = new Protobuf();
        int[] at = {0};
        while (at[0] < bytes.length) {
            long key = readVarint(bytes, at);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case VARINT -> message.fields.add(new Field(number, wireType, readVarint(bytes, at), null));
                case FIXED64, FIXED32 -> {
                    int size = wireType == FIXED64 ? 8 : 4;
                    message.fields.add(new Field(number, wireType, 0, slice(bytes, at[0], size)));
                    at[0] += size;
                }
                case LENGTH_DELIMITED -> {
                    long size = readVarint(bytes, at);
                    message.fields.add(new Field(number, wireType, 0, slice(bytes, at[0], size)));
                    at[0] += (int) size;
                }
                default -> throw new IllegalArgumentException("Unsupported protobuf wire type " + wireType + " in field " + number);
            }
        }
        return message;
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : fields) {
            writeVarint(out, ((long) field.number() << 3) | field.wireType());
            if (field.wireType() == VARINT) {
                writeVarint(out, field.value());
            } else {
                if (field.wireType() == LENGTH_DELIMITED) {
                    writeVarint(out, field.bytes().length);
                }
                out.writeBytes(field.bytes());
            }
        }
        return out.toByteArray();
    }

    /** The fields with this number, in order. */
    List<Field> all(int number) {
        return fields.stream().filter(field -> field.number() == number).toList();
    }

    /** The first string field with this number, or "". */
    String string(int number) {
        return fields.stream().filter(field -> field.number() == number).findFirst().map(Field::string).orElse("");
    }

    List<String> strings(int number) {
        return all(number).stream().map(Field::string).toList();
    }

    /** The repeated int64 field with this number, packed or not. */
    List<Long> longs(int number) {
        List<Long> values = new ArrayList<>();
        for (Field field : all(number)) {
            if (field.wireType() == VARINT) {
                values.add(field.value());
            } else {
                int[] at = {0};
                while (at[0] < field.bytes().length) {
                    values.add(readVarint(field.bytes(), at));
                }
            }
        }
        return values;
    }

    static Field stringField(int number, String value) {
        return new Field(number, LENGTH_DELIMITED, 0, value.getBytes(StandardCharsets.UTF_8));
    }

    static Field messageField(int number, Protobuf message) {
        return new Field(number, LENGTH_DELIMITED, 0, message.toBytes());
    }

    private static byte[] slice(byte[] bytes, int from, long size) {
        if (size < 0 || from + size > bytes.length) {
            throw new IllegalArgumentException("Truncated protobuf message");
        }
        byte[] out = new byte[(int) size];
        System.arraycopy(bytes, from, out, 0, (int) size);
        return out;
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("Truncated protobuf varint");
            }
            int b = bytes[at[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IllegalArgumentException("Malformed protobuf varint");
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
