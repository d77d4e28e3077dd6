package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.api.ChatCompletionResponse;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.sampling.TokenLogprob;

import java.util.ArrayList;
import java.util.List;

/** Writes {@code chat.completion} objects and the {@code chat.completion.chunk}s of a stream. */
final class ChatRendering extends Rendering {

    private static final String ASSISTANT = "assistant";

    ChatRendering(GenerationPlan plan, String id, long created) {
        super(plan, id, created);
    }

    @Override
    ChatCompletionResponse response(List<GenerationResult> results) {
        List<ChatCompletionResponse.Choice> choices = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            GenerationResult result = results.get(i);
            choices.add(new ChatCompletionResponse.Choice(i, new ChatCompletionResponse.Message(ASSISTANT, result.text()), null,
                    logprobs(result.logprobs()), result.finishReason().wireName()));
        }
        return new ChatCompletionResponse(id, "chat.completion", created, plan.model().name(), null, choices, usage(results));
    }

    /** The first chunk of a choice announces the assistant role with empty content, as OpenAI does. */
    ChatCompletionResponse roleChunk(int choice) {
        return chunk(new ChatCompletionResponse.Choice(choice, null, new ChatCompletionResponse.Message(ASSISTANT, ""), null, null));
    }

    ChatCompletionResponse contentChunk(int choice, String text, TokenLogprob logprob) {
        ChatCompletionResponse.Logprobs logprobs = logprob == null ? null : logprobs(List.of(logprob));
        return chunk(new ChatCompletionResponse.Choice(choice, null, new ChatCompletionResponse.Message(null, text), logprobs, null));
    }

    ChatCompletionResponse finishChunk(int choice, GenerationResult result) {
        return chunk(new ChatCompletionResponse.Choice(choice, null, new ChatCompletionResponse.Message(null, null), null,
                result.finishReason().wireName()));
    }

    @Override
    ChatCompletionResponse usageChunk(List<GenerationResult> results) {
        return new ChatCompletionResponse(id, "chat.completion.chunk", created, plan.model().name(), null, List.of(), usage(results));
    }

    private ChatCompletionResponse chunk(ChatCompletionResponse.Choice choice) {
        return new ChatCompletionResponse(id, "chat.completion.chunk", created, plan.model().name(), null, List.of(choice), null);
    }

    private ChatCompletionResponse.Logprobs logprobs(List<TokenLogprob> logprobs) {
        if (plan.sampling().topLogprobs() == null) {
            return null;
        }
        LanguageModel model = plan.model().model();
        List<ChatCompletionResponse.TokenLogprob> content = new ArrayList<>();
        for (TokenLogprob logprob : logprobs) {
            List<ChatCompletionResponse.TopLogprob> top = new ArrayList<>();
            for (TokenLogprob.Alternative alternative : logprob.top()) {
                top.add(new ChatCompletionResponse.TopLogprob(TokenText.text(model, alternative.token()), alternative.logprob(),
                        TokenText.bytes(model, alternative.token())));
            }
            content.add(new ChatCompletionResponse.TokenLogprob(TokenText.text(model, logprob.token()), logprob.logprob(),
                    TokenText.bytes(model, logprob.token()), top));
        }
        return new ChatCompletionResponse.Logprobs(content);
    }
}
