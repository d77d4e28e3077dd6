package dev.llmsuite.tokenizer.encodings;

import java.util.Collection;

/** The model name maps to no known encoding. */
public class UnknownModelException extends IllegalArgumentException {

    public UnknownModelException(String model, Collection<String> knownFamilies) {
        super("No encoding is known for model '" + model + "'. Known model families: "
                + String.join(", ", knownFamilies) + ". Name an encoding instead, e.g. o200k_base or cl100k_base.");
    }
}
