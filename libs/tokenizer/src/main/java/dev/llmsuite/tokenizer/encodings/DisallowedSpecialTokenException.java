package dev.llmsuite.tokenizer.encodings;

/** The text holds a special-token string that the caller's {@link SpecialTokens} policy rejects. */
public class DisallowedSpecialTokenException extends IllegalArgumentException {

    private final String token;

    public DisallowedSpecialTokenException(String token) {
        super("The text contains the special token " + token + ", which is not allowed here. Encode it as plain text"
                + " (SpecialTokens.ordinary()) or, for trusted text only, allow it explicitly.");
        this.token = token;
    }

    public String token() {
        return token;
    }
}
