package dev.llmsuite.tokenizer.sentencepiece;

/** What a vocabulary entry is, numbered as GGUF's {@code tokenizer.ggml.token_type} (1 to 6). */
public enum TokenKind {
    NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    public static TokenKind ofGguf(int type) {
        if (type < 1 || type > values().length) {
            return NORMAL;
        }
        return values()[type - 1];
    }

    /** Whether user text may be merged into this token; control, unknown and byte tokens never are. */
    boolean matchesText() {
        return this == NORMAL || this == USER_DEFINED || this == UNUSED;
    }
}
