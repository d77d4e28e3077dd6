package dev.llmsuite.generation.chat;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A conversation rendered for one model, as segments: the template's own markers
 * ({@code <|im_start|>}, {@code [INST]} ...) are control segments, to become the model's control
 * tokens; message contents are text segments, always tokenised as plain text so a user cannot
 * smuggle a control token in. Also whether to put BOS in front, and the strings that end the
 * assistant's turn (extra stop strings, and stop tokens where the vocabulary has them).
 */
public record ChatPrompt(List<Segment> segments, boolean addBos, List<String> endOfTurn) {

    public record Segment(String text, boolean control) {
    }

    /** The prompt as one string, as a Jinja rendering of the template would print it. */
    public String text() {
        return segments.stream().map(Segment::text).collect(Collectors.joining());
    }
}
