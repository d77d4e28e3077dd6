package dev.llmsuite.transformer.generate;

/** Why a generation ended, with the name OpenAI's API uses on the wire. */
public enum FinishReason {
    /** End-of-sequence token or a stop string. */
    STOP("stop"),
    /** max_tokens reached, or the context window is full. */
    LENGTH("length"),
    /** The caller gave up (a client that disconnected); not an OpenAI value, seen only in usage events. */
    CANCELLED("cancelled");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
