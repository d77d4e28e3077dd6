package dev.llmsuite.transformer.model;

import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;

/** A SentencePiece vocabulary as GGUF stores it; {@code types} are GGUF token types (1 normal ... 6 byte). */
public record SentencePieceVocabulary(String[] pieces, float[] scores, int[] types, int bos, int eos) {

    /** The vocabulary of a llama2.c {@code tokenizer.bin}, e.g. the 32,000-token Llama 2 one. */
    public static SentencePieceVocabulary of(Llama2cTokenizerFile file) {
        int[] types = new int[file.kinds().length];
        for (int i = 0; i < types.length; i++) {
            types[i] = file.kinds()[i].ordinal() + 1;
        }
        return new SentencePieceVocabulary(file.pieces(), file.scores(), types, Llama2cTokenizerFile.BOS, Llama2cTokenizerFile.EOS);
    }
}
