package dev.llmsuite.pricing.estimate;

import java.util.List;

/** Counts tokens of texts in a named encoding; in the service, the tokenizer-service does it. */
public interface TokenCounter {

    /** One count per text, in order. */
    long[] count(String encoding, List<String> texts);
}
