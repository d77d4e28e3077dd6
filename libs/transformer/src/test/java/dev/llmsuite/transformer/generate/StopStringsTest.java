package dev.llmsuite.transformer.generate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds text in random pieces and checks against String.indexOf on the whole text: the output is
 * exactly the text before the earliest stop string, and no prefix of it was ever shown early.
 */
class StopStringsTest {

    @Test
    void emitsExactlyTheTextBeforeTheEarliestStopInAnyChunking() {
        Random random = new Random(8);
        String alphabet = "ab\n";
        List<String> stops = List.of("\n\n", "abba", "bab");
        for (int trial = 0; trial < 500; trial++) {
            StringBuilder generated = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                generated.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = generated.toString();
            int cut = text.length();
            boolean expectStop = false;
            for (String stop : stops) {
                int at = text.indexOf(stop);
                if (at >= 0 && at < cut) {
                    cut = at;
                    expectStop = true;
                }
            }
            String expected = text.substring(0, cut);

            StopStrings watcher = new StopStrings(stops);
            StringBuilder shown = new StringBuilder();
            boolean stopped = false;
            int at = 0;
            while (at < text.length() && !stopped) {
                int len = Math.min(text.length() - at, 1 + random.nextInt(3));
                StopStrings.Outcome outcome = watcher.accept(text.substring(at, at + len));
                shown.append(outcome.emit());
                stopped = outcome.stopped();
                assertTrue(expected.startsWith(shown.toString()), "showed text past a stop string: " + shown);
                at += len;
            }
            if (!stopped) {
                shown.append(watcher.finish());
            }
            assertEquals(expectStop, stopped, text);
            assertEquals(expected, shown.toString(), text);
        }
    }

    @Test
    void withoutStopStringsEverythingPassesAtOnce() {
        StopStrings watcher = new StopStrings(List.of());
        assertEquals("hello", watcher.accept("hello").emit());
    }
}
