package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.api.CompletionResponse;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.sampling.TokenLogprob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@code text_completion} objects: the whole response, and the chunks of a stream. */
final class CompletionRendering extends Rendering {

    CompletionRendering(GenerationPlan plan, String id, long created) {
        super(plan, id, created);
    }

    @Override
    CompletionResponse response(List<GenerationResult> results) {
        List<CompletionResponse.Choice> choices = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            GenerationResult result = results.get(i);
            CompletionResponse.Logprobs logprobs = plan.sampling().topLogprobs() == null ? null : logprobs(result.logprobs(), 0);
            choices.add(new CompletionResponse.Choice(result.text(), i, logprobs, result.finishReason().wireName()));
        }
        return new CompletionResponse(id, "text_completion", created, plan.model().name(), null, choices, usage(results));
    }

    CompletionResponse textChunk(int choice, String text, TokenLogprob logprob, int textOffset) {
        CompletionResponse.Logprobs logprobs = logprob == null ? null : logprobs(List.of(logprob), textOffset);
        return chunk(new CompletionResponse.Choice(text, choice, logprobs, null));
    }

    CompletionResponse finishChunk(int choice, GenerationResult result) {
        return chunk(new CompletionResponse.Choice("", choice, null, result.finishReason().wireName()));
    }

    @Override
    CompletionResponse usageChunk(List<GenerationResult> results) {
        return new CompletionResponse(id, "text_completion", created, plan.model().name(), null, List.of(), usage(results));
    }

    private CompletionResponse chunk(CompletionResponse.Choice choice) {
        return new CompletionResponse(id, "text_completion", created, plan.model().name(), null, List.of(choice), null);
    }

    private CompletionResponse.Logprobs logprobs(List<TokenLogprob> logprobs, int firstOffset) {
        LanguageModel model = plan.model().model();
        List<String> tokens = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        List<Map<String, Float>> top = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int offset = firstOffset;
        for (TokenLogprob logprob : logprobs) {
            String text = TokenText.text(model, logprob.token());
            tokens.add(text);
            values.add(logprob.logprob());
            Map<String, Float> alternatives = new LinkedHashMap<>();
            for (TokenLogprob.Alternative alternative : logprob.top()) {
                alternatives.putIfAbsent(TokenText.text(model, alternative.token()), alternative.logprob());
            }
            top.add(alternatives);
            offsets.add(offset);
            offset += text.length();
        }
        return new CompletionResponse.Logprobs(tokens, values, top, offsets);
    }
}
