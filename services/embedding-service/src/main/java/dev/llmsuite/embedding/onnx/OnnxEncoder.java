package dev.llmsuite.embedding.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.pooling.Pooling;
import dev.llmsuite.tokenizer.wordpiece.BertEncoding;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-style sentence encoder on ONNX Runtime: a padded batch of token sequences in, one
 * pooled (and optionally unit-length) vector per sequence out. The session is built once and
 * shared; ONNX Runtime's {@code run} is thread-safe, but the batcher calls it from one thread
 * so that each run gets all cores.
 */
public final class OnnxEncoder implements AutoCloseable {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final int hiddenSize;
    private final Pooling pooling;
    private final boolean normalize;

    /**
     * @param spinWait whether ONNX Runtime's idle threads spin between operators: it shaves
     *                 microseconds off each run on a dedicated machine, but on a shared or
     *                 oversubscribed one the spinning threads take the CPU the working ones need
     */
    public OnnxEncoder(byte[] model, int intraOpThreads, boolean spinWait, Pooling pooling, boolean normalize) throws OrtException {
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.addConfigEntry("session.intra_op.allow_spinning", spinWait ? "1" : "0");
            // One batch at a time: parallelism comes from inside each operator, not between them.
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            this.session = environment.createSession(model, options);
        }
        if (!session.getInputNames().contains(INPUT_IDS) || !session.getInputNames().contains(ATTENTION_MASK)) {
            throw new IllegalArgumentException("Not a BERT encoder: inputs are " + session.getInputNames());
        }
        this.takesTokenTypes = session.getInputNames().contains(TOKEN_TYPE_IDS);
        Map.Entry<String, NodeInfo> output = session.getOutputInfo().entrySet().iterator().next();
        this.outputName = output.getKey();
        long[] shape = ((TensorInfo) output.getValue().getInfo()).getShape();
        if (shape.length != 3 || shape[2] <= 0) {
            throw new IllegalArgumentException("Expected token embeddings [batch, sequence, hidden] as first output, got " + output.getValue());
        }
        this.hiddenSize = (int) shape[2];
        this.pooling = pooling;
        this.normalize = normalize;
    }

    public int dimensions() {
        return hiddenSize;
    }

    /** Embeds a batch; sequences shorter than the longest are padded and masked out. */
    public float[][] embed(List<BertEncoding> batch) throws OrtException {
        int rows = batch.size();
        int columns = batch.stream().mapToInt(BertEncoding::length).max().orElse(0);
        long[] ids = new long[rows * columns];
        long[] mask = new long[rows * columns];
        long[] types = new long[rows * columns];
        for (int r = 0; r < rows; r++) {
            BertEncoding encoding = batch.get(r);
            for (int c = 0; c < encoding.length(); c++) {
                ids[r * columns + c] = encoding.ids()[c];
                mask[r * columns + c] = encoding.attentionMask()[c];
                types[r * columns + c] = encoding.typeIds()[c];
            }
        }
        long[] shape = {rows, columns};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (takesTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[][] vectors = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    float[] pooled = pooling.pool(hidden, r, columns, hiddenSize, batch.get(r).length());
                    vectors[r] = normalize ? Vectors.normalized(pooled) : pooled;
                }
                return vectors;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
