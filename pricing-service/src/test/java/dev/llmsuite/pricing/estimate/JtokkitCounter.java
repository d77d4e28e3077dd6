package dev.llmsuite.pricing.estimate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import java.util.List;

/** Counts with jtokkit, the Java port of OpenAI's tiktoken: the reference the tests compare against. */
final class JtokkitCounter implements TokenCounter {

    static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    @Override
    public long[] count(String encoding, List<String> texts) {
        var tokenizer = REGISTRY.getEncoding(encoding).orElseThrow();
        return texts.stream().mapToLong(tokenizer::countTokensOrdinary).toArray();
    }

    static long count(String encoding, String text) {
        return REGISTRY.getEncoding(encoding).orElseThrow().countTokensOrdinary(text);
    }
}
