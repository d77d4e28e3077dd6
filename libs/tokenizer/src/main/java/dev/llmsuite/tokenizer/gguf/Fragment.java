package dev.llmsuite.tokenizer.gguf;

/** A stretch of a text after its special tokens are cut out: plain text to encode, or one special token. */
public sealed interface Fragment {

    record Text(String text) implements Fragment {
    }

    record Token(int id) implements Fragment {
    }
}
