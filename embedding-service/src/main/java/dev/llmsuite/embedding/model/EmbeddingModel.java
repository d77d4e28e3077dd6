package dev.llmsuite.embedding.model;

import ai.onnxruntime.OrtException;
import dev.llmsuite.embedding.onnx.OnnxEncoder;
import dev.llmsuite.embedding.pooling.Pooling;
import dev.llmsuite.tokenizer.wordpiece.TokenizerJson;
import dev.llmsuite.tokenizer.wordpiece.WordPieceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One loaded embedding model: its WordPiece tokenizer, its ONNX encoder and its limits.
 *
 * @param maxTokens the longest input the model was trained on, [CLS] and [SEP] included
 */
public record EmbeddingModel(String name, WordPieceTokenizer tokenizer, OnnxEncoder encoder, int maxTokens,
                             boolean shortenableDimensions) implements AutoCloseable {

    private static final String CLASSPATH = "classpath:";

    public int dimensions() {
        return encoder.dimensions();
    }

    /**
     * Loads the files a spec names; {@code classpath:} locations are read from the service's own
     * jars. With {@code packedRows}, rows hold several inputs where the model allows it (see
     * {@link OnnxEncoder}).
     */
    public static EmbeddingModel load(ModelSpec spec, int intraOpThreads, boolean spinWait, boolean packedRows)
            throws IOException, OrtException {
        WordPieceTokenizer tokenizer;
        try (InputStream in = open(spec.tokenizer())) {
            tokenizer = TokenizerJson.load(spec.name(), in);
        }
        byte[] onnx;
        try (InputStream in = open(spec.onnx())) {
            onnx = in.readAllBytes();
        }
        OnnxEncoder encoder = new OnnxEncoder(onnx, intraOpThreads, spinWait, packedRows, spec.pooling().orElse(Pooling.MEAN),
                spec.normalize().orElse(true));
        return new EmbeddingModel(spec.name(), tokenizer, encoder, spec.maxTokens().orElse(ModelFolder.DEFAULT_MAX_TOKENS),
                spec.shortenableDimensions());
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = (loader != null ? loader : EmbeddingModel.class.getClassLoader()).getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("Resource " + resource + " is not on the classpath");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    @Override
    public void close() throws OrtException {
        encoder.close();
    }
}
