package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmsuite.generation.api.ChatCompletionRequest;
import dev.llmsuite.generation.api.CompletionRequest;
import dev.llmsuite.generation.chat.ChatMessage;
import dev.llmsuite.generation.chat.ChatTokens;
import dev.llmsuite.generation.models.GenerationConfig;
import dev.llmsuite.generation.models.ModelRegistry;
import dev.llmsuite.generation.models.ServedModel;
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
        List<int[]> prompts = completionPrompts(r.prompt(), served);
        if (prompts.size() * n > config.maxChoices()) {
            throw OpenAiException.badRequest("Too many completions: " + prompts.size() + " prompts x n=" + n + " = " + prompts.size() * n
                    + ", more than the " + config.maxChoices() + " this server generates per request.", "prompt");
        }
        Integer requested = r.maxTokens() == null ? null : atLeast(r.maxTokens(), 1, 1, "max_tokens");
        int[] maxTokens = fit(served, prompts, requested, DEFAULT_COMPLETION_TOKENS, "max_tokens");
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
        if (r.responseFormat() != null && r.responseFormat().hasNonNull("type")
                && !"text".equals(r.responseFormat().get("type").asText())) {
            throw OpenAiException.badRequest("Only response_format type 'text' is supported by this server.", "response_format");
        }
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
        int[] maxTokens = fit(served, List.of(prompt), requested, Integer.MAX_VALUE, param);
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
     * Tokens to generate per prompt. An explicit limit must fit beside the prompt (else 400 with the
     * numbers); without one, the default is capped by the room left in the context.
     */
    private static int[] fit(ServedModel served, List<int[]> prompts, Integer requested, int fallback, String param) {
        int context = served.contextLength();
        int[] limits = new int[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            int promptLength = prompts.get(i).length;
            if (requested != null && promptLength + requested > context) {
                throw ParameterChecks.contextExceeded(context, promptLength, requested, param);
            }
            if (promptLength >= context) {
                throw ParameterChecks.contextExceeded(context, promptLength, 1, param);
            }
            limits[i] = requested != null ? requested : Math.min(fallback, context - promptLength);
        }
        return limits;
    }

    /** {@code prompt}: a string, a list of strings, a list of token ids, or a list of token id lists. */
    private static List<int[]> completionPrompts(JsonNode prompt, ServedModel served) {
        if (prompt == null || prompt.isNull()) {
            throw OpenAiException.badRequest("You must provide a prompt.", "prompt");
        }
        boolean addBos = served.model().addsBos();
        List<int[]> prompts = new ArrayList<>();
        if (prompt.isTextual()) {
            prompts.add(served.model().encodePrompt(prompt.asText(), addBos));
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isIntegralNumber()) {
            prompts.add(tokenIds(prompt, served.vocabularySize()));
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            for (JsonNode item : prompt) {
                if (item.isTextual()) {
                    prompts.add(served.model().encodePrompt(item.asText(), addBos));
                } else if (item.isArray()) {
                    prompts.add(tokenIds(item, served.vocabularySize()));
                } else {
                    throw invalidPrompt();
                }
            }
        } else {
            throw invalidPrompt();
        }
        for (int[] tokens : prompts) {
            requireTokens(tokens, "prompt");
        }
        return prompts;
    }

    private static int[] tokenIds(JsonNode array, int vocabularySize) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode item = array.get(i);
            if (!item.isIntegralNumber()) {
                throw invalidPrompt();
            }
            long id = item.asLong();
            if (id < 0 || id >= vocabularySize) {
                throw OpenAiException.badRequest("Invalid token id in 'prompt': " + id + " is outside this model's vocabulary of "
                        + vocabularySize + " tokens.", "prompt");
            }
            ids[i] = (int) id;
        }
        return ids;
    }

    private static void requireTokens(int[] tokens, String param) {
        if (tokens.length == 0) {
            throw OpenAiException.badRequest("The " + param + " is empty: it must contain at least one token.", param);
        }
    }

    private static OpenAiException invalidPrompt() {
        return OpenAiException.badRequest("Invalid type for 'prompt': expected a string, an array of strings, an array of token ids,"
                + " or an array of token id arrays.", "prompt");
    }

    private static List<ChatMessage> messages(List<ChatCompletionRequest.Message> messages) {
        if (messages == null || messages.isEmpty()) {
            throw OpenAiException.badRequest("'messages' must be a non-empty array.", "messages");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionRequest.Message m = messages.get(i);
            String param = "messages[" + i + "]";
            if (m == null || m.role() == null) {
                throw OpenAiException.badRequest("Missing required parameter: '" + param + ".role'.", param + ".role");
            }
            String role = switch (m.role()) {
                case "system", "developer" -> "system";
                case "user", "assistant" -> m.role();
                default -> throw OpenAiException.badRequest("Invalid value for '" + param + ".role': '" + m.role()
                        + "'. Supported values are: 'system', 'developer', 'user' and 'assistant'.", param + ".role");
            };
            out.add(new ChatMessage(role, text(m.content(), param + ".content")));
        }
        return out;
    }

    /** Message content as text: a string, or the concatenated text parts of a content array. */
    private static String text(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiException.badRequest("Invalid type for '" + param + "': expected a string or an array of content parts.", param);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw OpenAiException.badRequest("Invalid content part in '" + param + "': only {\"type\": \"text\"} parts are supported.", param);
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }
}
