package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.gguf.TensorType;
import java.util.Map;

/**
 * A decoder's forward pass: the only thing that differs between architectures.
 *
 * <p>One call runs one step of batched inference: the rows of a {@link Batch} (tokens of many
 * sequences: a prompt chunk here, the one token being decoded there) go through every layer
 * together, and the logits of the rows that choose a next token come back. An implementation
 * (see {@link Llama}, the model to follow) keeps to these rules:
 * <ul>
 *   <li>Row-wise work treats the rows as one matrix: every weight matrix is one
 *       {@link dev.llmsuite.transformer.tensor.WeightMatrix#multiply} over all rows, and norms,
 *       activations and residual additions run per row. Nothing mixes two rows except attention.</li>
 *   <li>Position-dependent work asks the batch: {@code batch.position(row)} for rotary or learned
 *       position embeddings.</li>
 *   <li>Per layer, the rows' keys and values ({@link ModelConfig#kvDim} floats per row) are written
 *       with {@code cache.write(layer, batch, k, v)} before
 *       {@code attention.attend(q, batch, cache, layer, out)}, which reads each row's own sequence
 *       through its block table.</li>
 *   <li>Logits only for {@link Batch#logitRows}: {@link BoundTransformer#logits} applies the final
 *       norm and the classifier to those rows alone.</li>
 * </ul>
 * Kept to, these make a row's result independent of the other rows in the batch (every kernel
 * computes a row the same way whatever the batch size), so a sequence generates the same tokens
 * alone, in any batch, and when its prompt is split into chunks. A new architecture is a class
 * like {@link Llama} (fields named after its weights, bound in the constructor; this forward pass)
 * plus a case in {@code LanguageModel.load}.
 */
public interface Transformer {

    ModelConfig config();

    /**
     * Runs the batch's rows through every layer, storing their keys and values in {@code cache}
     * (whose blocks, named by the batch's block tables, must be the rows' own and writable), and
     * returns one array of {@code vocabularySize} logits per {@link Batch#logitRows} entry.
     */
    float[][] forward(Batch batch, BlockPool cache);

    /** Number of weight tensors per storage type, e.g. {@code {F32=12, Q8_0=42}}. */
    Map<TensorType, Integer> tensorTypes();

    long parameterCount();
}
