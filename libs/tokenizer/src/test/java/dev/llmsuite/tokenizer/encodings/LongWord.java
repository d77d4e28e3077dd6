package dev.llmsuite.tokenizer.encodings;

import java.util.Random;

/** One word of random lower-case letters, no spaces: a single huge piece for the BPE merge loop. */
final class LongWord {

    private LongWord() {
    }

    static String of(int length, long seed) {
        Random random = new Random(seed);
        char[] word = new char[length];
        for (int i = 0; i < length; i++) {
            word[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(word);
    }
}
