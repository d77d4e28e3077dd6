package dev.llmsuite.tokenizer.encodings;

/** A token id to decode is not an id of the encoding. */
public class InvalidTokenIdException extends IllegalArgumentException {

    private final int id;

    public InvalidTokenIdException(String encoding, int id, int vocabularySize) {
        super("Token id " + id + " does not exist in " + encoding + " (ids are between 0 and " + (vocabularySize - 1)
                + ", and not every id in that range is used).");
        this.id = id;
    }

    public int id() {
        return id;
    }
}
