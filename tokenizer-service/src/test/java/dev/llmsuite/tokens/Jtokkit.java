package dev.llmsuite.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.util.List;

/** The reference: jtokkit's tiktoken implementation, to compare the service's answers with. */
final class Jtokkit {

    private static final EncodingRegistry REGISTRY = Encodings.newDefaultEncodingRegistry();

    private Jtokkit() {
    }

    static Encoding encoding(String name) {
        return REGISTRY.getEncoding(EncodingType.fromName(name).orElseThrow());
    }

    static List<Integer> ids(String encoding, String text) {
        return encoding(encoding).encodeOrdinary(text).boxed();
    }

    static byte[] tokenBytes(String encoding, int id) {
        IntArrayList one = new IntArrayList();
        one.add(id);
        return encoding(encoding).decodeBytes(one);
    }

    static int count(String encoding, String text) {
        return encoding(encoding).countTokensOrdinary(text);
    }
}
