package dev.llmsuite.tokenizer.gguf;

/**
 * A vocabulary as a GGUF file stores it under {@code tokenizer.ggml.*}; absent keys are null.
 *
 * @param model     {@code tokenizer.ggml.model}: "llama" (SentencePiece) or "gpt2" (byte-level BPE)
 * @param pre       {@code tokenizer.ggml.pre}, the pre-tokenizer of a byte-level vocabulary
 * @param modelName {@code general.name}, which llama.cpp consults for Phi-3's special tokens
 * @param types     token types, 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte
 */
public record GgufVocabulary(String model, String pre, String modelName, String[] tokens, float[] scores, int[] types,
                             String[] merges, Integer bos, Integer eos, Integer eot, Integer eom, Integer unknown,
                             Boolean addBos, Boolean addEos, Boolean addSpacePrefix) {
}
