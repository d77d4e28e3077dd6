package dev.llmsuite.usage.outbox;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A record on disk: {@code [int body length][int CRC32C of body][body]}, the body being
 * {@code [short key length][key][value]}. The checksum finds a record torn by a crash in the middle of a write
 * (or a power loss before the fsync), which recovery then cuts off.
 */
final class RecordFormat {

    static final int HEADER_BYTES = 8;
    /** A usage event is a few hundred bytes and at most 64 KiB; a larger length can only be garbage. */
    static final int MAX_BODY_BYTES = 128 * 1024;

    private RecordFormat() {
    }

    static ByteBuffer encode(byte[] key, byte[] value) {
        int bodyLength = 2 + key.length + value.length;
        if (key.length > Short.MAX_VALUE || bodyLength > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("record of " + bodyLength + " bytes is larger than the outbox accepts");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
        buffer.putInt(bodyLength).putInt(0).putShort((short) key.length).put(key).put(value);
        buffer.putInt(4, checksum(buffer.array(), HEADER_BYTES, bodyLength));
        return buffer.flip();
    }

    /**
     * Decodes the record at the buffer's position, moving past it.
     *
     * @return null, the position unchanged, when the buffer holds no complete valid record there
     */
    static Decoded decode(ByteBuffer buffer) {
        int start = buffer.position();
        if (buffer.remaining() < HEADER_BYTES) {
            return null;
        }
        int bodyLength = buffer.getInt(start);
        int crc = buffer.getInt(start + 4);
        if (bodyLength < 2 || bodyLength > MAX_BODY_BYTES) {
            return Decoded.CORRUPT;
        }
        if (buffer.remaining() < HEADER_BYTES + bodyLength) {
            return null;
        }
        byte[] body = new byte[bodyLength];
        buffer.get(start + HEADER_BYTES, body);
        if (checksum(body, 0, bodyLength) != crc) {
            return Decoded.CORRUPT;
        }
        int keyLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        if (keyLength > bodyLength - 2) {
            return Decoded.CORRUPT;
        }
        byte[] key = new byte[keyLength];
        byte[] value = new byte[bodyLength - 2 - keyLength];
        System.arraycopy(body, 2, key, 0, keyLength);
        System.arraycopy(body, 2 + keyLength, value, 0, value.length);
        buffer.position(start + HEADER_BYTES + bodyLength);
        return new Decoded(key, value, HEADER_BYTES + bodyLength);
    }

    private static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** A decoded record and its size on disk; {@link #CORRUPT} marks bytes that are no record. */
    record Decoded(byte[] key, byte[] value, int size) {
        static final Decoded CORRUPT = new Decoded(new byte[0], new byte[0], -1);

        boolean corrupt() {
            return size < 0;
        }
    }
}
