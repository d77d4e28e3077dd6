package dev.llmsuite.tokenizer.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a byte-level BPE vocabulary cuts text into words before merging, named in the GGUF file by
 * {@code tokenizer.ggml.pre}: the regular expressions llama.cpp uses for that name (each one cuts
 * the pieces of the one before, keeping the text between matches as pieces too), whether a word
 * that is itself a token skips merging ({@code ignore_merges}), and whether prompts start with BOS
 * unless the file says otherwise.
 */
public record BpeSplitting(String name, List<Pattern> patterns, boolean ignoreMerges, boolean addBos) {

    private static final String CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";

    /** GPT-2's pattern; llama.cpp writes it without the final {@code |\s+}, whose text it keeps anyway. */
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** Llama 3's (cl100k_base's) pattern with the case-insensitive contractions spelled out, as llama.cpp has it. */
    static final String LLAMA3 = CONTRACTIONS
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Qwen2's: Llama 3's with single digits. */
    static final String QWEN2 = CONTRACTIONS
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** o200k_base's (GPT-4o, Llama 4), with upper and lower case letters told apart as llama.cpp does. */
    static final String GPT4O = "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+" + CONTRACTIONS + "?"
            + "|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*" + CONTRACTIONS + "?"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Mistral's Tekken. */
    static final String TEKKEN = "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+"
            + "|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*"
            + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** The splitting a {@code tokenizer.ggml.pre} value names; null or "default" is llama.cpp's fallback. */
    public static BpeSplitting forName(String pre) {
        String name = pre == null ? "default" : pre;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano" ->
                    of(name, true, true, LLAMA3);
            case "dbrx", "smaug-bpe", "glm4", "chatglm-bpe" -> of(name, false, false, LLAMA3);
            case "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "stablelm2", "hunyuan", "solar-open", "megrez" ->
                    of(name, false, false, QWEN2);
            case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b", "mellum2" ->
                    of(name, false, false, "\\p{N}", GPT2);
            case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum", "modern-bert",
                 "mpt", "olmo", "jais", "trillion", "granite-docling", "exaone4", "jina-v1-en", "jina-v2-code", "roberta-bpe" ->
                    of(name, false, false, GPT2);
            case "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2" -> of(name, false, false, GPT4O);
            case "tekken" -> of(name, true, true, TEKKEN);
            case "default" -> of(name, false, false, "[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]");
            default -> throw new IllegalArgumentException("Pre-tokenizer '" + name + "' (tokenizer.ggml.pre) is not supported; supported:"
                    + " llama-bpe (Llama 3), qwen2, smollm, gpt-2, gpt-4o, tekken and their aliases");
        };
    }

    /** Receives the words of a text as {@code [start, end)} ranges of its chars. */
    @FunctionalInterface
    public interface Pieces {
        void accept(int start, int end);
    }

    private static BpeSplitting of(String name, boolean ignoreMerges, boolean addBos, String... patterns) {
        List<Pattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            compiled.add(Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS));
        }
        return new BpeSplitting(name, List.copyOf(compiled), ignoreMerges, addBos);
    }

    /**
     * Calls {@code piece(start, end)} for each word of {@code text}, in order. A later pattern sees
     * only its piece: its lookaheads stop at the piece's end, as llama.cpp's do.
     */
    public void split(String text, Pieces piece) {
        List<int[]> pieces = List.of(new int[] {0, text.length()});
        for (Pattern pattern : patterns) {
            List<int[]> finer = new ArrayList<>(pieces.size() * 2);
            Matcher matcher = pattern.matcher(text);
            for (int[] range : pieces) {
                matcher.region(range[0], range[1]);
                int end = range[0];
                while (matcher.find()) {
                    if (matcher.start() > end) {
                        finer.add(new int[] {end, matcher.start()});
                    }
                    if (matcher.end() > matcher.start()) {
                        finer.add(new int[] {matcher.start(), matcher.end()});
                    }
                    end = matcher.end();
                }
                if (end < range[1]) {
                    finer.add(new int[] {end, range[1]});
                }
            }
            pieces = finer;
        }
        for (int[] range : pieces) {
            piece.accept(range[0], range[1]);
        }
    }
}
