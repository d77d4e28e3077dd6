package dev.llmsuite.tokenizer.encodings;

import java.util.Collection;

/** No encoding has this name. */
public class UnknownEncodingException extends IllegalArgumentException {

    public UnknownEncodingException(String name, Collection<String> known) {
        super("Unknown encoding '" + name + "'. Known encodings: " + String.join(", ", known) + ".");
    }
}
