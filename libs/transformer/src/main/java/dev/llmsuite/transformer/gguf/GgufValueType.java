package dev.llmsuite.transformer.gguf;

/** The value types of GGUF metadata, numbered as in the GGUF specification. */
public enum GgufValueType {
    UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64;

    public static GgufValueType of(int id) {
        if (id < 0 || id >= values().length) {
            throw new GgufFormatException("Unknown GGUF metadata value type " + id);
        }
        return values()[id];
    }
}
