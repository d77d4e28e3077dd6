package dev.llmsuite.transformer.bench;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.synthetic.SyntheticModel;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's model files: Llama-shaped, seeded random weights, the Llama 2 vocabulary (32,000
 * tokens, the one vocabulary of that size here), written once by our GGUF writer and kept in a
 * cache folder, so repeated runs do not rewrite gigabytes.
 */
final class BenchmarkModels {

    /**
     * @param maxDepth the longest context at which decoding is timed by default (filling the cache
     *                 takes a prefill of that many positions on both engines)
     */
    record Shape(String label, SyntheticModel.Shape dimensions, int maxDepth) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("15M", new SyntheticModel.Shape(288, 768, 6, 6, 6, 4096), 4096),
            // llama2.c's stories110M dimensions.
            new Shape("110M", new SyntheticModel.Shape(768, 2048, 12, 12, 12, 4096), 4096),
            // Llama-3.2-1B's dimensions (with the 32k vocabulary instead of its 128k one).
            new Shape("1B", new SyntheticModel.Shape(2048, 8192, 16, 32, 8, 4096), 1024));

    /**
     * Types in the table, by name: one type for every matrix (F32, Q8_0), or a llama-quantize preset
     * (Q4_K_M: Q4_K with Q6_K where it matters, the most downloaded mix; Q6_K).
     */
    static final List<String> TYPES = List.of("F32", "Q8_0", "Q4_K_M", "Q6_K");

    private static final long SEED = 1234;
    private static final long DISK_MARGIN = 2L << 30;

    private final Path folder;
    private final boolean rewrite;
    private SentencePieceVocabulary vocabulary;

    BenchmarkModels(Path folder, boolean rewrite) {
        this.folder = folder;
        this.rewrite = rewrite;
    }


    /** The model file of a shape and type, written now unless the cache has it; empty when the disk is too full. */
    Optional<Path> file(Shape shape, QuantizationPreset type) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(String.format(Locale.ROOT, "llama-%s-%s-seed%d.gguf", shape.label(), type.name(), SEED));
        if (Files.isRegularFile(file) && !rewrite) {
            return Optional.of(file);
        }
        long needed = estimatedBytes(shape.dimensions(), type.base());
        long free = Files.getFileStore(folder).getUsableSpace();
        if (free < needed + DISK_MARGIN) {
            System.out.printf(Locale.ROOT, "%s %s: skipped, the file needs %.1f GB and %s has %.1f GB free%n",
                    shape.label(), type.name(), needed / 1e9, folder, free / 1e9);
            return Optional.empty();
        }
        System.out.printf(Locale.ROOT, "writing %s (%.1f GB, once; cached in %s)%n", file.getFileName(), needed / 1e9, folder);
        Path partial = folder.resolve(file.getFileName() + ".partial");
        SyntheticModel.writeLlama(partial, shape.dimensions(), type, vocabulary(), SEED);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(file);
    }

    private SentencePieceVocabulary vocabulary() throws IOException {
        if (vocabulary == null) {
            vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        }
        return vocabulary;
    }

    /** Matrix bytes plus the vocabulary's share; norms and metadata are small change. */
    private static long estimatedBytes(SyntheticModel.Shape s, TensorType type) {
        long kvDim = (long) s.dim() / s.heads() * s.kvHeads();
        long perLayer = 2L * s.dim() * s.dim() + 2 * kvDim * s.dim() + 3L * s.dim() * s.hiddenDim();
        long matrices = s.layers() * perLayer + 2L * 32_000 * s.dim();
        return matrices / type.blockSize * type.blockBytes + (2L << 20);
    }
}
