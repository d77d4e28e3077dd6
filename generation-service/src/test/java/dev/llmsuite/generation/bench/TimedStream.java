package dev.llmsuite.generation.bench;

import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.serving.Choice;
import dev.llmsuite.transformer.serving.Scheduler;
import dev.llmsuite.transformer.serving.SequenceHandle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One sequence submitted to a scheduler running on its loop thread, with the arrival time of each of its tokens. */
final class TimedStream {

    private final long submitted = System.nanoTime();
    private final List<Long> times = new CopyOnWriteArrayList<>();
    private final SequenceHandle handle;

    TimedStream(Scheduler scheduler, GenerationRequest request) {
        this.handle = scheduler.submit(List.of(new Choice(request, token -> {
            if (token.token() >= 0) {
                times.add(System.nanoTime());
            }
        })), () -> false).getFirst();
    }

    int tokens() {
        return times.size();
    }

    /** From submission (queue included) to the first token. */
    long timeToFirstToken() {
        return times.getFirst() - submitted;
    }

    long firstTokenAt() {
        return times.getFirst();
    }

    /** Gaps between consecutive tokens. */
    List<Long> gaps() {
        return gapsBetween(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Gaps that overlap the interval [from, to]. */
    List<Long> gapsBetween(long from, long to) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i) > from && times.get(i - 1) < to) {
                gaps.add(times.get(i) - times.get(i - 1));
            }
        }
        return gaps;
    }

    void cancel() {
        handle.cancel();
    }

    void await() {
        handle.result().join();
    }
}
