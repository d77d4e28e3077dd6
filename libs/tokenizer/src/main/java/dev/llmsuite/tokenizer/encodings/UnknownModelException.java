package dev.llmsuite.tokenizer.encodings;

import java.util.Collection;

/** The model name maps to no known encoding. */
public class UnknownModelException extends IllegalArgumentException {

    public UnknownModelException(String model, Collection<String> acceptedNames) {
        super("No encoding is known for model '" + model + "'. Model names are matched exactly as tiktoken matches them"
                + " (case included); accepted: " + String.join(", ", acceptedNames)
                + ". Name an encoding instead, e.g. o200k_base or cl100k_base.");
    }
}
