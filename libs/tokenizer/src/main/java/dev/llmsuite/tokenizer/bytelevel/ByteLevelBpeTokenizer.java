package dev.llmsuite.tokenizer.bytelevel;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level BPE in the form GGUF files carry it: a token list whose entries spell bytes
 * with printable stand-in characters ({@link ByteAlphabet}) and an ordered list of merges
 * ("Ġ t" = merge "Ġ" with "t"). Text is split with a pattern (GPT-2's by default), each piece spelled in the
 * stand-in alphabet, and within a piece the adjacent pair of lowest merge rank (leftmost first) is
 * merged until none is left.
 *
 * <p>Control tokens such as {@code <|endoftext|>} are never produced from text.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {

    private final List<Pattern> splits;
    private final String name;
    private final String[] tokens;
    private final boolean[] control;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> mergeRanks = new HashMap<>();

    /**
     * @param control which ids are control tokens (decoded as nothing, never encoded from text)
     * @param merges  "left right" pairs, highest priority first
     */
    public ByteLevelBpeTokenizer(String name, String[] tokens, boolean[] control, String[] merges) {
        this(name, tokens, control, merges, PreTokenizer.GPT2_PATTERN);
    }

    /**
     * @param splitPatterns how text is cut into pieces before merging (GPT-2's, cl100k's for Llama 3,
     *                      ...); with several, each cuts the pieces of the one before, text between
     *                      matches included
     */
    public ByteLevelBpeTokenizer(String name, String[] tokens, boolean[] control, String[] merges, String... splitPatterns) {
        this.splits = new ArrayList<>();
        for (String pattern : splitPatterns) {
            splits.add(Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS));
        }
        this.name = name;
        this.tokens = tokens.clone();
        this.control = control.clone();
        for (int id = 0; id < tokens.length; id++) {
            if (!control[id]) {
                ids.putIfAbsent(tokens[id], id);
            }
        }
        for (int rank = 0; rank < merges.length; rank++) {
            mergeRanks.putIfAbsent(merges[rank], rank);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabularySize() {
        return tokens.length;
    }

    public String token(int id) {
        return tokens[id];
    }

    @Override
    public int[] encode(String text) {
        List<String> pieces = List.of(text);
        for (Pattern split : splits) {
            List<String> finer = new ArrayList<>();
            for (String piece : pieces) {
                cut(piece, split, finer);
            }
            pieces = finer;
        }
        List<Integer> out = new ArrayList<>();
        for (String piece : pieces) {
            encodePiece(ByteAlphabet.spell(piece.getBytes(StandardCharsets.UTF_8)), out);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The matches of {@code split} in {@code text} and the stretches between them, in order. */
    private static void cut(String text, Pattern split, List<String> out) {
        Matcher matcher = split.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                out.add(text.substring(end, matcher.start()));
            }
            out.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            out.add(text.substring(end));
        }
    }

    private void encodePiece(String spelled, List<Integer> out) {
        List<String> symbols = new ArrayList<>();
        spelled.codePoints().forEach(cp -> symbols.add(Character.toString(cp)));
        while (symbols.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
        }
        for (String symbol : symbols) {
            Integer id = ids.get(symbol);
            if (id == null) {
                throw new IllegalStateException("Vocabulary " + name + " has no token for '" + symbol + "'");
            }
            out.add(id);
        }
    }

    /** The bytes a token stands for; control tokens stand for nothing. */
    public byte[] tokenBytes(int id) {
        return control[id] ? new byte[0] : ByteAlphabet.bytes(tokens[id]);
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException("Token id " + id + " outside the vocabulary of " + tokens.length);
            }
            out.writeBytes(tokenBytes(id));
        }
        return out.toByteArray();
    }
}
