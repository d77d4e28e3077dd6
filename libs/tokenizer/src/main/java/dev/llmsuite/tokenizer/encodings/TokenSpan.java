package dev.llmsuite.tokenizer.encodings;

/**
 * One token of an encoded text and where it came from: the bytes {@code [byteStart, byteEnd)} of
 * the text's UTF-8 encoding, and those bytes as text. A token can hold part of a multi-byte
 * character; its text then shows U+FFFD for the partial character, while the offsets stay exact.
 */
public record TokenSpan(int id, int byteStart, int byteEnd, String text) {
}
