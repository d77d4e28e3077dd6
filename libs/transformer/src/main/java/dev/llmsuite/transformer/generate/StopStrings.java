package dev.llmsuite.transformer.generate;

import java.util.List;

/**
 * Watches generated text for stop strings. Text that could still turn out to be the beginning of
 * a stop string is held back, so a client never sees half a stop string; when the stop string
 * completes, the text before it is released and generation ends.
 */
final class StopStrings {

    /** Text to emit now, and whether a stop string was found. */
    record Outcome(String emit, boolean stopped) {
    }

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();

    StopStrings(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    Outcome accept(String text) {
        held.append(text);
        if (stops.isEmpty()) {
            return new Outcome(drain(held.length()), false);
        }
        int firstStop = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (firstStop < 0 || at < firstStop)) {
                firstStop = at;
            }
        }
        if (firstStop >= 0) {
            String emit = held.substring(0, firstStop);
            held.setLength(0);
            return new Outcome(emit, true);
        }
        return new Outcome(drain(held.length() - longestStopPrefixAtEnd()), false);
    }

    /** What is still held when generation ends for another reason: it was not a stop string after all. */
    String finish() {
        return drain(held.length());
    }

    /** Length of the longest suffix of the held text that is a proper prefix of some stop string. */
    private int longestStopPrefixAtEnd() {
        int best = 0;
        for (String stop : stops) {
            int max = Math.min(stop.length() - 1, held.length());
            for (int len = max; len > best; len--) {
                if (regionEndsWith(stop, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private boolean regionEndsWith(String stop, int len) {
        int start = held.length() - len;
        for (int i = 0; i < len; i++) {
            if (held.charAt(start + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String drain(int count) {
        String emit = held.substring(0, count);
        held.delete(0, count);
        return emit;
    }
}
