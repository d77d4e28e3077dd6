package dev.llmsuite.transformer.gguf;

/** The file is not a GGUF file this reader understands (bad magic, version, or truncated). */
public class GgufFormatException extends IllegalArgumentException {
    public GgufFormatException(String message) {
        super(message);
    }
}
