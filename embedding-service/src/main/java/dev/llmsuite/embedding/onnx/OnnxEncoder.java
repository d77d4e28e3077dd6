package dev.llmsuite.embedding.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.llmsuite.embedding.batching.PackedRows;
import dev.llmsuite.embedding.batching.RunLayout;
import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.pooling.Pooling;
import dev.llmsuite.tokenizer.wordpiece.BertEncoding;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.llmsuite.embedding.onnx.PackedRowsGraph.ATTENTION_MASK;
import static dev.llmsuite.embedding.onnx.PackedRowsGraph.INPUT_IDS;
import static dev.llmsuite.embedding.onnx.PackedRowsGraph.POSITION_IDS;

/**
 * A BERT-style sentence encoder on ONNX Runtime: a batch of token sequences in, one pooled (and
 * optionally unit-length) vector per sequence out. The session is built once and shared; ONNX
 * Runtime's {@code run} is thread-safe, but the batcher calls it from one thread so that each
 * run gets all cores.
 *
 * <p>Where the model is a Hugging Face BERT export ({@link PackedRowsGraph}), a row of the input
 * holds several sequences end to end ({@link RunLayout#PACKED}): the dense layers, nearly all of
 * the work, then compute no padding at all, however different the lengths of the sentences that
 * arrived together. Other models take one padded sequence per row ({@link RunLayout#PADDED}).
 */
public final class OnnxEncoder implements AutoCloseable {

    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final RunLayout layout;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final int hiddenSize;
    private final Pooling pooling;
    private final boolean normalize;

    /**
     * @param spinWait   whether ONNX Runtime's idle threads spin between operators: it shaves
     *                   microseconds off each run on a dedicated machine, but on a shared or
     *                   oversubscribed one the spinning threads take the CPU the working ones need
     * @param packedRows pack several sequences into a row where the model's graph allows it
     */
    public OnnxEncoder(byte[] model, int intraOpThreads, boolean spinWait, boolean packedRows, Pooling pooling, boolean normalize)
            throws OrtException {
        this.environment = OrtEnvironment.getEnvironment();
        Optional<byte[]> packed = packedRows ? PackedRowsGraph.rewrite(model) : Optional.empty();
        this.layout = packed.isPresent() ? RunLayout.PACKED : RunLayout.PADDED;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.addConfigEntry("session.intra_op.allow_spinning", spinWait ? "1" : "0");
            // One batch at a time: parallelism comes from inside each operator, not between them.
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            this.session = environment.createSession(packed.orElse(model), options);
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

    /** How runs are laid out in rows, which is how the batcher should cut them. */
    public RunLayout layout() {
        return layout;
    }

    /** Embeds a batch, in the order given. */
    public float[][] embed(List<BertEncoding> batch) throws OrtException {
        return layout == RunLayout.PACKED ? embedPacked(batch) : embedPadded(batch);
    }

    /** One sequence per row; shorter ones are padded and masked out. */
    private float[][] embedPadded(List<BertEncoding> batch) throws OrtException {
        int rows = batch.size();
        int columns = batch.stream().mapToInt(BertEncoding::length).max().orElse(0);
        long[] ids = new long[rows * columns];
        long[] types = new long[rows * columns];
        long[] mask = new long[rows * columns];
        int[] firstToken = new int[rows];
        for (int r = 0; r < rows; r++) {
            BertEncoding encoding = batch.get(r);
            firstToken[r] = r * columns;
            for (int c = 0; c < encoding.length(); c++) {
                ids[r * columns + c] = encoding.ids()[c];
                types[r * columns + c] = encoding.typeIds()[c];
                mask[r * columns + c] = encoding.attentionMask()[c];
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            long[] shape = {rows, columns};
            inputs.put(INPUT_IDS, tensor(ids, shape));
            inputs.put(ATTENTION_MASK, tensor(mask, shape));
            return run(inputs, types, shape, batch, firstToken);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Several sequences per row ({@link PackedRows}): each token attends to the tokens of its own
     * sequence only, and its position counts from its sequence's start. Padding, at row ends,
     * attends only to itself.
     */
    private float[][] embedPacked(List<BertEncoding> batch) throws OrtException {
        PackedRows plan = PackedRows.plan(batch.stream().mapToInt(BertEncoding::length).toArray());
        int length = plan.length();
        long[] ids = new long[plan.rows() * length];
        long[] types = new long[plan.rows() * length];
        long[] positions = new long[plan.rows() * length];
        long[] mask = new long[plan.rows() * length * length];
        boolean[] taken = new boolean[plan.rows() * length];
        int[] firstToken = new int[batch.size()];
        for (int s = 0; s < batch.size(); s++) {
            BertEncoding encoding = batch.get(s);
            int start = plan.rowOf()[s] * length + plan.offsetOf()[s];
            firstToken[s] = start;
            for (int t = 0; t < encoding.length(); t++) {
                ids[start + t] = encoding.ids()[t];
                types[start + t] = encoding.typeIds()[t];
                positions[start + t] = t;
                taken[start + t] = true;
                int keys = (start + t) * length + plan.offsetOf()[s];
                Arrays.fill(mask, keys, keys + encoding.length(), 1L);
            }
        }
        for (int p = 0; p < taken.length; p++) {
            if (!taken[p]) {
                mask[p * length + p % length] = 1;
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            long[] shape = {plan.rows(), length};
            inputs.put(INPUT_IDS, tensor(ids, shape));
            inputs.put(POSITION_IDS, tensor(positions, shape));
            inputs.put(ATTENTION_MASK, tensor(mask, new long[] {plan.rows(), length, length}));
            return run(inputs, types, shape, batch, firstToken);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] run(Map<String, OnnxTensor> inputs, long[] types, long[] shape, List<BertEncoding> batch, int[] firstToken)
            throws OrtException {
        if (takesTokenTypes) {
            inputs.put(TOKEN_TYPE_IDS, tensor(types, shape));
        }
        try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[][] vectors = new float[batch.size()][];
            for (int s = 0; s < batch.size(); s++) {
                float[] pooled = pooling.pool(hidden, firstToken[s], batch.get(s).length(), hiddenSize);
                vectors[s] = normalize ? Vectors.normalized(pooled) : pooled;
            }
            return vectors;
        }
    }

    private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
