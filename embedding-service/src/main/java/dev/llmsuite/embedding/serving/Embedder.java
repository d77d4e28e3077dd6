package dev.llmsuite.embedding.serving;

import dev.llmsuite.embedding.api.EmbeddingInput;
import dev.llmsuite.embedding.batching.QueueFullException;
import dev.llmsuite.embedding.model.EmbeddingModel;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.openai.http.CurrentRequestId;
import dev.llmsuite.tenancy.CurrentTenant;
import dev.llmsuite.tokenizer.wordpiece.BertEncoding;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsagePublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The request path shared by every endpoint: tokenize, enforce the model's length limit, queue
 * the sentences for the batcher, and publish one usage event when the vectors are back. The
 * returned {@link Uni} cancels the queued sentences when the client goes away.
 */
@ApplicationScoped
public class Embedder {

    static final String SERVICE = "embedding-service";
    static final String OPERATION = "embedding";

    /** Vectors in input order, and the tokens the model processed ([CLS] and [SEP] included). */
    public record Embedded(String model, List<float[]> vectors, long tokens) {
    }

    private final ModelRegistry registry;
    private final UsagePublisher usage;
    private final CurrentTenant tenant;
    private final CurrentRequestId requestId;

    public Embedder(ModelRegistry registry, UsagePublisher usage, CurrentTenant tenant, CurrentRequestId requestId) {
        this.registry = registry;
        this.usage = usage;
        this.tenant = tenant;
        this.requestId = requestId;
    }

    /** Texts of a geometry request; {@code field} names text i as the request does, e.g. {@code documents[0]}. */
    public Uni<Embedded> texts(String modelName, List<String> texts, boolean truncate, IntFunction<String> field) {
        return embed(modelName, texts.stream().<EmbeddingInput>map(EmbeddingInput.Text::new).toList(), truncate, field);
    }

    /**
     * @param truncate cut inputs longer than the model's limit instead of refusing them
     * @param field    the request field of input i, named in errors (message and {@code param})
     */
    public Uni<Embedded> embed(String modelName, List<EmbeddingInput> inputs, boolean truncate, IntFunction<String> field) {
        long started = System.nanoTime();
        // Both are request-scoped: read them now, the vectors arrive on the batcher's thread.
        String tenantId = tenant.id();
        String xRequestId = requestId.get();
        ServedModel served = registry.require(modelName);
        List<BertEncoding> encodings = encode(served.model(), inputs, truncate, field);
        long tokens = encodings.stream().mapToLong(BertEncoding::length).sum();
        List<CompletableFuture<float[]>> futures;
        try {
            futures = served.batcher().submit(encodings);
        } catch (QueueFullException e) {
            throw OpenAiException.tooManyRequests(e.getMessage() + ". Retry shortly.", 1);
        }
        // The vectors arrive on the batcher's thread: building and writing the response there
        // would make every request of a batch wait for the others' responses, and the next batch
        // for all of them, so the rest of the request continues on a worker thread.
        return Uni.createFrom().completionStage(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onCancellation().invoke(() -> futures.forEach(f -> f.cancel(false)))
                .map(done -> {
                    List<float[]> vectors = futures.stream().map(CompletableFuture::join).toList();
                    long latencyMs = (System.nanoTime() - started) / 1_000_000;
                    usage.publish(UsageEvent.of(tenantId, SERVICE, served.name(), OPERATION, tokens, 0, latencyMs,
                            null, null, UUID.randomUUID().toString(), xRequestId));
                    return new Embedded(served.name(), vectors, tokens);
                });
    }

    private static List<BertEncoding> encode(EmbeddingModel model, List<EmbeddingInput> inputs, boolean truncate,
                                             IntFunction<String> field) {
        List<BertEncoding> encodings = new ArrayList<>(inputs.size());
        int limit = truncate ? model.maxTokens() : Integer.MAX_VALUE;
        for (int i = 0; i < inputs.size(); i++) {
            BertEncoding encoding = switch (inputs.get(i)) {
                case EmbeddingInput.Text text -> model.tokenizer().encodeForModel(text.text(), limit);
                case EmbeddingInput.Tokens tokens -> model.tokenizer().forModel(checkIds(model, tokens.ids(), field.apply(i)), limit);
            };
            if (encoding.length() > model.maxTokens()) {
                throw OpenAiException.badRequest(field.apply(i) + " has " + encoding.length() + " tokens, more than the "
                        + model.maxTokens() + " that model " + model.name() + " accepts ([CLS] and [SEP] included). "
                        + "Shorten it, or send \"truncate\": true to cut it to the limit.", field.apply(i));
            }
            encodings.add(encoding);
        }
        return encodings;
    }

    private static int[] checkIds(EmbeddingModel model, int[] ids, String field) {
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] >= model.tokenizer().vocabularySize()) {
                String id = field + "[" + k + "]";
                throw OpenAiException.badRequest(id + " = " + ids[k] + " is not a token id: the vocabulary of "
                        + model.name() + " runs from 0 to " + (model.tokenizer().vocabularySize() - 1) + ".", id);
            }
        }
        return ids;
    }
}
