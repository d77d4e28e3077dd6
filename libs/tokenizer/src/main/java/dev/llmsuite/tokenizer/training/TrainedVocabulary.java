package dev.llmsuite.tokenizer.training;

import dev.llmsuite.tokenizer.bpe.RankTable;

import java.util.List;

/**
 * What training learned: the tokens in rank order (ids 0-255 are the single bytes, each later id
 * the concatenation of two earlier ones) and the merges in the order they were learned.
 */
public final class TrainedVocabulary {

    private final List<byte[]> tokens;
    private final List<Merge> merges;

    TrainedVocabulary(List<byte[]> tokens, List<Merge> merges) {
        this.tokens = List.copyOf(tokens);
        this.merges = List.copyOf(merges);
    }

    /** Number of tokens, the 256 byte tokens included. */
    public int size() {
        return tokens.size();
    }

    /** The bytes of the token with this id (its rank); a copy, the vocabulary stays immutable. */
    public byte[] tokenBytes(int id) {
        return tokens.get(id).clone();
    }

    public List<Merge> merges() {
        return merges;
    }

    /** The tokens as a tiktoken rank table: a token's id is its rank, so earlier merges win. */
    public RankTable ranks() {
        RankTable.Builder ranks = new RankTable.Builder();
        for (int id = 0; id < tokens.size(); id++) {
            ranks.add(tokens.get(id), id);
        }
        return ranks.build();
    }
}
