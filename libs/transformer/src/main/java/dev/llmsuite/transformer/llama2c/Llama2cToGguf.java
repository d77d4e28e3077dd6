package dev.llmsuite.transformer.llama2c;

import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.GgufWriter;
import dev.llmsuite.transformer.model.GgufHeader;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Converts a llama2.c checkpoint and its {@code tokenizer.bin} into a GGUF file that llama.cpp and
 * this engine both load. llama2.c already stores Q and K in the interleaved pair layout GGUF's
 * rotary embedding expects, so the float32 weights are copied unchanged.
 *
 * <p>Usage: {@code Llama2cToGguf <model.bin> <tokenizer.bin> <out.gguf>}.
 */
public final class Llama2cToGguf {

    private Llama2cToGguf() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Llama2cToGguf <model.bin> <tokenizer.bin> <out.gguf>");
            System.exit(2);
        }
        convert(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }

    public static void convert(Path checkpoint, Path tokenizerBin, Path out) throws IOException {
        try (Llama2cCheckpoint model = Llama2cCheckpoint.open(checkpoint)) {
            var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(tokenizerBin, model.config().vocabularySize()));
            GgufWriter gguf = new GgufWriter();
            String name = checkpoint.getFileName().toString().replaceFirst("\\.bin$", "");
            GgufHeader.put(gguf, name, model.config(), vocabulary);
            for (GgufTensor tensor : model.tensors().values()) {
                gguf.addTensor(tensor.name(), tensor.type(), tensor.shape(), tensor.data().toArray(ValueLayout.JAVA_BYTE));
            }
            gguf.write(out);
        }
    }
}
