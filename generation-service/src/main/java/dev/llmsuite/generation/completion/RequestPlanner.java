package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.api.ChatCompletionRequest;
import dev.llmsuite.generation.api.CompletionRequest;
import dev.llmsuite.generation.chat.ChatMessage;
import dev.llmsuite.generation.chat.ChatTokens;
import dev.llmsuite.generation.models.GenerationConfig;
import dev.llmsuite.generation.models.ModelRegistry;
import dev.llmsuite.generation.models.ServedModel;
import dev.llmsuite.openai.ChatContent;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

import static dev.llmsuite.generation.completion.ParameterChecks.atLeast;
import static dev.llmsuite.generation.completion.ParameterChecks.between;

/**
 * Turns an OpenAI request into a {@link GenerationPlan}: finds the model, tokenises the prompt
 * (rendering chat messages with the model's chat template first), and checks every parameter, so
 * that nothing invalid reaches the generation loop and every mistake is a 400 that names it.
 */
@ApplicationScoped
public class RequestPlanner {

    /** OpenAI's default for the legacy completions endpoint. */
    static final int DEFAULT_COMPLETION_TOKENS = 16;
    static final int MAX_COMPLETIONS_LOGPROBS = 5;

    private final ModelRegistry registry;
    private final GenerationConfig config;

    public RequestPlanner(ModelRegistry registry, GenerationConfig config) {
        this.registry = registry;
        this.config = config;
    }

    public GenerationPlan plan(CompletionRequest r) {
        ServedModel served = registry.require(ParameterChecks.requireModel(r.model()));
        if (Boolean.TRUE.equals(r.echo())) {
            throw OpenAiException.badRequest("'echo' is not supported by this server.", "echo");
        }
        if (r.suffix() != null && !r.suffix().isEmpty()) {
            throw OpenAiException.badRequest("'suffix' (insertion) is not supported by this server.", "suffix");
        }
        int n = between(r.n(), 1, 1, config.maxChoices(), "n");
        if (r.bestOf() != null && r.bestOf() != n) {
            throw OpenAiException.badRequest("'best_of' other than n is not supported by this server.", "best_of");
        }
        Integer logprobs = r.logprobs() == null ? null : between(r.logprobs(), 0, 0, MAX_COMPLETIONS_LOGPROBS, "logprobs");
        List<int[]> prompts = PromptTokens.of(r.prompt(), served);
        if (prompts.size() * n > config.maxChoices()) {
            throw OpenAiException.badRequest("Too many completions: " + prompts.size() + " prompts x n=" + n + " = " + prompts.size() * n
                    + ", more than the " + config.maxChoices() + " this server generates per request.", "prompt");
        }
        Integer requested = r.maxTokens() == null ? null : atLeast(r.maxTokens(), 1, 1, "max_tokens");
        int[] maxTokens = fit(served, prompts, requested, DEFAULT_COMPLETION_TOKENS, "max_tokens", "prompt");
        SamplingParameters sampling = ParameterChecks.sampling(r.temperature(), r.topP(), r.topK(), r.minP(), r.repetitionPenalty(),
                r.presencePenalty(), r.frequencyPenalty(), r.logitBias(), r.seed(), logprobs, served.vocabularySize());
        boolean stream = Boolean.TRUE.equals(r.stream());
        return new GenerationPlan(served, "completion", prompts, maxTokens, n, ParameterChecks.stop(r.stop()), new int[0],
                sampling, stream, includeUsage(stream, r.streamOptions()));
    }

    public GenerationPlan plan(ChatCompletionRequest r) {
        ServedModel served = registry.require(ParameterChecks.requireModel(r.model()));
        if (r.tools() != null && !r.tools().isNull()) {
            throw OpenAiException.badRequest("'tools' (function calling) is not supported by this server.", "tools");
        }
        ParameterChecks.responseFormat(r.responseFormat());
        int n = between(r.n(), 1, 1, config.maxChoices(), "n");
        Integer topLogprobs = null;
        if (r.topLogprobs() != null && !Boolean.TRUE.equals(r.logprobs())) {
            throw OpenAiException.badRequest("'top_logprobs' requires 'logprobs' to be true.", "top_logprobs");
        }
        if (Boolean.TRUE.equals(r.logprobs())) {
            topLogprobs = between(r.topLogprobs(), 0, 0, SamplingParameters.MAX_TOP_LOGPROBS, "top_logprobs");
        }
        ChatTokens chat = served.chat().encode(messages(r.messages()));
        int[] prompt = chat.prompt();
        requireTokens(prompt, "messages");
        String param = r.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
        Integer limit = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        Integer requested = limit == null ? null : atLeast(limit, 1, 1, param);
        int[] maxTokens = fit(served, List.of(prompt), requested, Integer.MAX_VALUE, param, "messages");
        SamplingParameters sampling = ParameterChecks.sampling(r.temperature(), r.topP(), r.topK(), r.minP(), r.repetitionPenalty(),
                r.presencePenalty(), r.frequencyPenalty(), r.logitBias(), r.seed(), topLogprobs, served.vocabularySize());
        List<String> stop = new ArrayList<>(ParameterChecks.stop(r.stop()));
        stop.addAll(chat.stop());
        boolean stream = Boolean.TRUE.equals(r.stream());
        return new GenerationPlan(served, "chat.completion", List.of(prompt), maxTokens, n, List.copyOf(stop),
                chat.stopTokens(), sampling, stream, includeUsage(stream, r.streamOptions()));
    }

    private static boolean includeUsage(boolean stream, dev.llmsuite.generation.api.StreamOptions options) {
        if (options == null) {
            return false;
        }
        if (!stream) {
            throw OpenAiException.badRequest("'stream_options' is only allowed when 'stream' is true.", "stream_options");
        }
        return Boolean.TRUE.equals(options.includeUsage());
    }

    /**
     * Tokens to generate per prompt. A prompt must leave room for at least one token (else 400
     * naming the prompt's own field); an explicit limit must fit beside the prompt (else 400 naming
     * the limit, with the numbers); without one, the default is capped by the room left.
     */
    private static int[] fit(ServedModel served, List<int[]> prompts, Integer requested, int fallback, String param,
                             String promptParam) {
        int context = served.contextLength();
        int[] limits = new int[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            int promptLength = prompts.get(i).length;
            if (promptLength >= context) {
                throw ParameterChecks.contextExceeded(context, promptLength, requested == null ? 1 : requested, promptParam);
            }
            if (requested != null && (long) promptLength + requested > context) {
                throw ParameterChecks.contextExceeded(context, promptLength, requested, param);
            }
            limits[i] = requested != null ? requested : Math.min(fallback, context - promptLength);
        }
        return limits;
    }

    private static void requireTokens(int[] tokens, String param) {
        if (tokens.length == 0) {
            throw OpenAiException.badRequest("The " + param + " is empty: it must contain at least one token.", param);
        }
    }

    private static List<ChatMessage> messages(List<ChatCompletionRequest.Message> messages) {
        if (messages == null || messages.isEmpty()) {
            throw OpenAiException.badRequest("'messages' must be a non-empty array.", "messages");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionRequest.Message m = messages.get(i);
            String param = "messages[" + i + "]";
            if (m == null) {
                throw OpenAiException.badRequest("Invalid type for '" + param + "': expected a message object.", param);
            }
            if (m.role() == null) {
                throw OpenAiException.badRequest("Missing required parameter: '" + param + ".role'.", param + ".role");
            }
            String role = switch (m.role()) {
                case "system", "developer" -> "system";
                case "user", "assistant" -> m.role();
                default -> throw OpenAiException.badRequest("Invalid value for '" + param + ".role': '" + m.role()
                        + "'. Supported values are: 'system', 'developer', 'user' and 'assistant'.", param + ".role");
            };
            out.add(new ChatMessage(role, ChatContent.text(m.content(), param + ".content")));
        }
        return out;
    }
}
