package dev.llmsuite.llamacpp;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A model's tokenizer as llama.cpp runs it. */
public final class Vocabulary {

    private static final MethodHandle TOKENIZE = LlamaCppLibrary.load().function("llama_tokenize",
            FunctionDescriptor.of(C.INT, C.POINTER, C.POINTER, C.INT, C.POINTER, C.INT, C.BOOL, C.BOOL));
    private static final MethodHandle TOKEN_TO_PIECE = LlamaCppLibrary.load().function("llama_token_to_piece",
            FunctionDescriptor.of(C.INT, C.POINTER, C.INT, C.POINTER, C.INT, C.INT, C.BOOL));
    private static final MethodHandle DETOKENIZE = LlamaCppLibrary.load().function("llama_detokenize",
            FunctionDescriptor.of(C.INT, C.POINTER, C.POINTER, C.INT, C.POINTER, C.INT, C.BOOL, C.BOOL));
    private static final MethodHandle SIZE = LlamaCppLibrary.load()
            .function("llama_vocab_n_tokens", FunctionDescriptor.of(C.INT, C.POINTER));
    private static final MethodHandle BOS = LlamaCppLibrary.load()
            .function("llama_vocab_bos", FunctionDescriptor.of(C.INT, C.POINTER));
    private static final MethodHandle EOS = LlamaCppLibrary.load()
            .function("llama_vocab_eos", FunctionDescriptor.of(C.INT, C.POINTER));
    private static final MethodHandle ADDS_BOS = LlamaCppLibrary.load()
            .function("llama_vocab_get_add_bos", FunctionDescriptor.of(C.BOOL, C.POINTER));

    private final MemorySegment pointer;

    Vocabulary(MemorySegment pointer) {
        this.pointer = pointer;
    }

    /**
     * @param addSpecial   add BOS (and EOS) where the model's metadata asks for them
     * @param parseSpecial turn the spellings of control tokens (such as {@code <s>}) into those
     *                     tokens; when false they are plain text
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, bytes, C.INT8, 0, utf8.length);
            int room = utf8.length + 8;
            while (true) {
                MemorySegment tokens = arena.allocate(C.INT, room);
                int count = (int) LlamaCppLibrary.invoke(TOKENIZE, pointer, bytes, utf8.length, tokens, room, addSpecial, parseSpecial);
                if (count >= 0) {
                    return tokens.asSlice(0, 4L * count).toArray(C.INT);
                }
                // A negative count is the room it needs.
                room = -count;
            }
        }
    }

    /** The bytes a token stands for (part of a UTF-8 character for byte tokens); control tokens give nothing unless {@code special}. */
    public byte[] piece(int token, boolean special) {
        try (Arena arena = Arena.ofConfined()) {
            int room = 64;
            while (true) {
                MemorySegment buffer = arena.allocate(room);
                int length = (int) LlamaCppLibrary.invoke(TOKEN_TO_PIECE, pointer, token, buffer, room, 0, special);
                if (length >= 0) {
                    return buffer.asSlice(0, length).toArray(C.INT8);
                }
                room = -length;
            }
        }
    }

    /**
     * The text of generated tokens as llama.cpp's server streams it: the pieces one after another,
     * control tokens silent, a character still incomplete after the last token held back.
     */
    public String text(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int token : tokens) {
            out.writeBytes(piece(token, false));
        }
        // Decoding without end of input leaves an unfinished character at the end undecoded.
        CharBuffer text = CharBuffer.allocate(out.size());
        StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(out.toByteArray()), text, false);
        return text.flip().toString();
    }

    /** {@code llama_detokenize}: the text of a whole token sequence, with the tokenizer's own clean-up rules. */
    public String detokenize(int[] tokens, boolean removeSpecial, boolean unparseSpecial) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocateFrom(C.INT, tokens);
            int room = 16 * tokens.length + 16;
            while (true) {
                MemorySegment text = arena.allocate(room);
                int length = (int) LlamaCppLibrary.invoke(DETOKENIZE, pointer, ids, tokens.length, text, room, removeSpecial, unparseSpecial);
                if (length >= 0) {
                    return new String(text.asSlice(0, length).toArray(C.INT8), StandardCharsets.UTF_8);
                }
                room = -length;
            }
        }
    }

    public int size() {
        return (int) LlamaCppLibrary.invoke(SIZE, pointer);
    }

    public int bos() {
        return (int) LlamaCppLibrary.invoke(BOS, pointer);
    }

    public int eos() {
        return (int) LlamaCppLibrary.invoke(EOS, pointer);
    }

    public boolean addsBos() {
        return (boolean) LlamaCppLibrary.invoke(ADDS_BOS, pointer);
    }
}
