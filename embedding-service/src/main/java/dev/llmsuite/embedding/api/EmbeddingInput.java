package dev.llmsuite.embedding.api;

/** One item of an embeddings request: text to tokenize, or token ids the client already has. */
public sealed interface EmbeddingInput {

    record Text(String text) implements EmbeddingInput {
    }

    record Tokens(int[] ids) implements EmbeddingInput {
    }
}
