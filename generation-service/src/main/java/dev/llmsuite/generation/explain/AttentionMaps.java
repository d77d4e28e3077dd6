package dev.llmsuite.generation.explain;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.ModelInfo;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.attention.AttentionObserver;
import dev.llmsuite.transformer.cache.KvCacheType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains a prompt's attention: runs the prompt through the model's forward pass (the one that
 * generates, in a session of its own) with an {@link AttentionObserver} that copies the requested
 * heads' probabilities into square matrices. The size of the answer is bounded before anything
 * runs: at most {@code maxPromptTokens} tokens and {@code maxCells} matrix entries in all.
 *
 * <p>The session keeps a float32 cache whatever the service generates with, so that the weights
 * are the model's exact math (tested against llama2.c's), not moved by half-precision keys; the
 * answer names the cache type its sizes are for.
 */
public final class AttentionMaps {

    private static final int LONGEST_TOKEN_CHARS = 256;
    private static final KvCacheType CACHE = KvCacheType.F32;

    private final int maxPromptTokens;
    private final long maxCells;

    public AttentionMaps(int maxPromptTokens, long maxCells) {
        this.maxPromptTokens = maxPromptTokens;
        this.maxCells = maxCells;
    }

    /** The explanation for {@code prompt}, or a 400 naming the field that is out of range. */
    public AttentionExplanation explain(String modelName, LanguageModel model, String prompt, Integer layer, Integer head) {
        ModelInfo info = model.info();
        if (prompt == null || prompt.isEmpty()) {
            throw OpenAiException.badRequest("'prompt' must be a non-empty string.", "prompt");
        }
        checkIndex(layer, info.layers(), "layer", "layers");
        checkIndex(head, info.heads(), "head", "heads");
        // No vocabulary has tokens this long, so such a prompt is over the limit without tokenizing it.
        if (prompt.length() > (long) maxPromptTokens * LONGEST_TOKEN_CHARS) {
            throw limit("The prompt is " + prompt.length() + " characters, far over the " + maxPromptTokens
                    + " tokens attention is explained for (llmsuite.generation.explain.max-prompt-tokens). Shorten the prompt.", "prompt");
        }
        int[] tokens = model.encodePrompt(prompt, model.addsBos());
        if (tokens.length > maxPromptTokens) {
            throw limit("The prompt is " + tokens.length + " tokens; attention is explained for at most " + maxPromptTokens
                    + " tokens (llmsuite.generation.explain.max-prompt-tokens). Shorten the prompt.", "prompt");
        }
        int layers = layer == null ? info.layers() : 1;
        int heads = head == null ? info.heads() : 1;
        long cells = (long) layers * heads * tokens.length * tokens.length;
        if (cells > maxCells) {
            throw limit("Returning " + layers + " layers x " + heads + " heads x " + tokens.length + "^2 tokens = " + cells
                    + " weights exceeds the limit of " + maxCells + " (llmsuite.generation.explain.max-cells). Ask for one "
                    + "'layer' or 'head', or shorten the prompt.", layer == null ? "layer" : "prompt");
        }

        Matrices matrices = new Matrices(layer, head, info.layers(), info.heads(), tokens.length);
        float[] logits;
        try (Session session = model.newSession(CACHE)) {
            logits = session.prefill(tokens, matrices);
        }
        List<AttentionExplanation.Token> promptTokens = new ArrayList<>(tokens.length);
        for (int id : tokens) {
            promptTokens.add(token(model, id));
        }
        long perToken = info.kvCacheBytesPerToken(CACHE);
        var kvCache = new AttentionExplanation.KvCache(CACHE.name(), perToken, tokens.length, perToken * tokens.length,
                info.contextLength(), perToken * info.contextLength());
        var shape = new AttentionExplanation.Shape(info.layers(), info.heads(), info.kvHeads(), info.embeddingLength() / info.heads());
        return new AttentionExplanation("attention", modelName, promptTokens, shape, kvCache, token(model, argmax(logits)),
                matrices.maps(), new AttentionExplanation.Usage(tokens.length, tokens.length));
    }

    private static void checkIndex(Integer index, int count, String param, String what) {
        if (index != null && (index < 0 || index >= count)) {
            throw OpenAiException.badRequest("'" + param + "' is " + index + "; the model has " + count + " " + what
                    + ", numbered 0 to " + (count - 1) + ".", param);
        }
    }

    private static OpenAiException limit(String message, String param) {
        return new OpenAiException(400, "invalid_request_error", message, param, "explain_limit_exceeded");
    }

    private static AttentionExplanation.Token token(LanguageModel model, int id) {
        return new AttentionExplanation.Token(id, new String(model.tokenBytes(id), StandardCharsets.UTF_8), model.tokenText(id));
    }

    /** The token the greedy choice would generate next: what the same pass predicts. */
    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The observer: one square matrix per requested (layer, head), preallocated so that the pass's
     * worker threads each fill their own row and nothing needs a lock.
     */
    private static final class Matrices implements AttentionObserver {

        private final Integer layer;
        private final Integer head;
        private final int heads;
        private final float[][][] byLayerAndHead;

        Matrices(Integer layer, Integer head, int layers, int heads, int tokens) {
            this.layer = layer;
            this.head = head;
            this.heads = heads;
            this.byLayerAndHead = new float[layers * heads][][];
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    if (observes(l, h)) {
                        byLayerAndHead[l * heads + h] = new float[tokens][tokens];
                    }
                }
            }
        }

        @Override
        public boolean observes(int layer, int head) {
            return (this.layer == null || this.layer == layer) && (this.head == null || this.head == head);
        }

        @Override
        public void record(int layer, int row, int head, float[] probabilities) {
            System.arraycopy(probabilities, 0, byLayerAndHead[layer * heads + head][row], 0, probabilities.length);
        }

        List<AttentionExplanation.HeadMap> maps() {
            List<AttentionExplanation.HeadMap> maps = new ArrayList<>();
            for (int i = 0; i < byLayerAndHead.length; i++) {
                if (byLayerAndHead[i] != null) {
                    maps.add(new AttentionExplanation.HeadMap(i / heads, i % heads, byLayerAndHead[i]));
                }
            }
            return maps;
        }
    }
}
