package dev.llmsuite.tokenizer.training;

import dev.llmsuite.tokenizer.bpe.TiktokenFiles;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line: trains a byte-level BPE vocabulary on a UTF-8 text file and saves it as
 * {@code .tiktoken}.
 *
 * <pre>TrainBpe CORPUS.txt VOCAB_SIZE OUT.tiktoken [gpt2|cl100k|o200k]</pre>
 *
 * The optional last argument picks the pre-tokenizer (default cl100k). Progress goes to stderr
 * every 256 merges.
 */
public final class TrainBpe {

    private static final int REPORT_EVERY = 256;

    private TrainBpe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: TrainBpe CORPUS.txt VOCAB_SIZE OUT.tiktoken [gpt2|cl100k|o200k]");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        int vocabularySize = Integer.parseInt(args[1]);
        Path output = Path.of(args[2]);
        PreTokenizer pretokenizer = pretokenizer(args.length == 4 ? args[3] : "cl100k");

        String text = Files.readString(corpus, StandardCharsets.UTF_8);
        PrintStream console = System.err;
        console.printf("Training %d tokens on %s (%,d characters, %s pre-tokenizer)%n",
                vocabularySize, corpus, text.length(), args.length == 4 ? args[3] : "cl100k");
        long start = System.nanoTime();
        TrainedVocabulary vocabulary = new BpeTrainer(pretokenizer).train(text, vocabularySize,
                (done, planned, merge, tokenBytes) -> {
                    if (done % REPORT_EVERY == 0 || done == planned) {
                        console.printf("  merge %5d/%d  %.1fs  count %,d  token %d = %s%n", done, planned,
                                (System.nanoTime() - start) / 1e9, merge.count(), merge.token(), printable(tokenBytes));
                    }
                });
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output))) {
            TiktokenFiles.write(vocabulary.ranks(), out);
        }
        console.printf("Wrote %d tokens to %s in %.1fs%n", vocabulary.size(), output, (System.nanoTime() - start) / 1e9);
    }

    private static PreTokenizer pretokenizer(String name) {
        return switch (name) {
            case "gpt2" -> PreTokenizer.GPT2;
            case "cl100k" -> PreTokenizer.CL100K;
            case "o200k" -> PreTokenizer.O200K;
            default -> throw new IllegalArgumentException("Unknown pre-tokenizer '" + name + "': use gpt2, cl100k or o200k");
        };
    }

    /** The token as text with whitespace made visible; bytes that are not whole characters show as U+FFFD. */
    private static String printable(byte[] tokenBytes) {
        return "'" + new String(tokenBytes, StandardCharsets.UTF_8)
                .replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "'";
    }
}
