package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.generate.Generator;
import dev.llmsuite.transformer.generate.TokenListener;

import java.util.ArrayList;
import java.util.List;

/** Drives a scheduler step by step on the test's thread, and the single-sequence references to compare with. */
final class Steps {

    private static final int MOST_STEPS = 100_000;

    private Steps() {
    }

    /** Steps until every handle has its result; the results in handle order. */
    static List<GenerationResult> untilDone(Scheduler scheduler, List<SequenceHandle> handles) {
        int steps = 0;
        while (!handles.stream().allMatch(h -> h.result().isDone())) {
            scheduler.step();
            if (++steps > MOST_STEPS) {
                throw new AssertionError("no end after " + MOST_STEPS + " steps");
            }
        }
        return handles.stream().map(h -> h.result().join()).toList();
    }

    static List<SequenceHandle> submit(Scheduler scheduler, GenerationRequest... requests) {
        List<SequenceHandle> handles = new ArrayList<>();
        for (GenerationRequest request : requests) {
            handles.addAll(scheduler.submit(List.of(new Choice(request, TokenListener.NONE)), () -> false));
        }
        return handles;
    }

    /** The same request run alone by the single-sequence generator. */
    static GenerationResult alone(LanguageModel model, GenerationRequest request) {
        return alone(model, request, KvCacheType.F32);
    }

    /** The same request run alone by the single-sequence generator, with a cache of {@code cacheType}. */
    static GenerationResult alone(LanguageModel model, GenerationRequest request, KvCacheType cacheType) {
        return new Generator(model, cacheType).generate(request, TokenListener.NONE, () -> false);
    }
}
