package dev.llmsuite.embedding.model;

import dev.llmsuite.embedding.pooling.Pooling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentence-transformers model exported to ONNX, as a folder: {@code model.onnx} (or
 * {@code onnx/model.onnx}) and {@code tokenizer.json}, and optionally the files that say how
 * the model was trained to be used: {@code sentence_bert_config.json} (max_seq_length),
 * {@code 1_Pooling/config.json} (mean or CLS pooling) and {@code modules.json} (a Normalize
 * module means unit-length vectors).
 */
public final class ModelFolder {

    /** sentence-transformers' own defaults when a folder says nothing. */
    static final int DEFAULT_MAX_TOKENS = 512;

    private static final Pattern MAX_SEQ_LENGTH = Pattern.compile("\"max_seq_length\"\\s*:\\s*(\\d+)");
    private static final Pattern CLS_POOLING = Pattern.compile("\"pooling_mode_cls_token\"\\s*:\\s*true");

    private ModelFolder() {
    }

    /** The spec for a folder, with explicit settings (when present) overriding the folder's own files. */
    public static ModelSpec describe(String name, Path folder, ModelSpec overrides) throws IOException {
        Path onnx = Files.isRegularFile(folder.resolve("model.onnx")) ? folder.resolve("model.onnx") : folder.resolve("onnx/model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new IOException("No model.onnx in " + folder);
        }
        Path tokenizer = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new IOException("No tokenizer.json in " + folder);
        }
        Optional<Integer> maxTokens = read(folder.resolve("sentence_bert_config.json"))
                .map(MAX_SEQ_LENGTH::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1)));
        Optional<Pooling> pooling = read(folder.resolve("1_Pooling/config.json"))
                .map(json -> CLS_POOLING.matcher(json).find() ? Pooling.CLS : Pooling.MEAN);
        Optional<Boolean> normalize = read(folder.resolve("modules.json")).map(json -> json.contains("Normalize"));
        return new ModelSpec(name, onnx.toString(), tokenizer.toString(),
                overrides.maxTokens().or(() -> maxTokens),
                overrides.pooling().or(() -> pooling),
                overrides.normalize().or(() -> normalize),
                overrides.shortenableDimensions());
    }

    private static Optional<String> read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }
}
