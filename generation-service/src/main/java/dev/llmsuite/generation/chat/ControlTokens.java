package dev.llmsuite.generation.chat;

import dev.llmsuite.transformer.LanguageModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a rendered chat into token ids. Template markers become the model's control token with
 * exactly that text, when its vocabulary has one (found once, at load, by scanning the vocabulary);
 * otherwise they are tokenised as text. Message contents are always tokenised as plain text.
 */
public final class ControlTokens {

    private final LanguageModel model;
    private final Map<String, Integer> ids;

    private ControlTokens(LanguageModel model, Map<String, Integer> ids) {
        this.model = model;
        this.ids = ids;
    }

    /** Finds, in the model's vocabulary, the tokens whose text is one of the format's markers. */
    public static ControlTokens of(LanguageModel model, ChatFormat format) {
        List<ChatMessage> probe = List.of(new ChatMessage("system", ""), new ChatMessage("user", ""),
                new ChatMessage("assistant", ""), new ChatMessage("user", ""));
        ChatPrompt rendered = format.render(probe);
        Map<String, Integer> wanted = new HashMap<>();
        for (ChatPrompt.Segment segment : rendered.segments()) {
            if (segment.control()) {
                wanted.put(segment.text(), -1);
            }
        }
        rendered.endOfTurn().forEach(marker -> wanted.put(marker, -1));
        Map<String, Integer> found = new HashMap<>();
        int vocabulary = model.info().vocabularySize();
        for (int id = 0; id < vocabulary && found.size() < wanted.size(); id++) {
            String text = model.tokenText(id);
            if (wanted.containsKey(text) && !found.containsKey(text)) {
                found.put(text, id);
            }
        }
        return new ControlTokens(model, Map.copyOf(found));
    }

    public int[] encode(ChatPrompt prompt) {
        List<int[]> pieces = new ArrayList<>();
        int bos = model.info().bosToken();
        if (prompt.addBos() && model.addsBos() && bos >= 0) {
            pieces.add(new int[]{bos});
        }
        for (ChatPrompt.Segment segment : prompt.segments()) {
            Integer id = segment.control() ? ids.get(segment.text()) : null;
            pieces.add(id != null ? new int[]{id} : model.encodePrompt(segment.text(), false));
        }
        int[] tokens = new int[pieces.stream().mapToInt(piece -> piece.length).sum()];
        int at = 0;
        for (int[] piece : pieces) {
            System.arraycopy(piece, 0, tokens, at, piece.length);
            at += piece.length;
        }
        return tokens;
    }

    /** Ids of the end-of-turn markers this vocabulary has as tokens: generation stops on them. */
    public int[] endOfTurn(ChatPrompt prompt) {
        return prompt.endOfTurn().stream().map(ids::get).filter(id -> id != null).mapToInt(Integer::intValue).toArray();
    }
}
