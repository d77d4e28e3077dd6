package dev.llmsuite.tokenizer.gguf;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.bpe.TokenBuffer;
import dev.llmsuite.tokenizer.bytelevel.ByteLevelBpeTokenizer;
import dev.llmsuite.tokenizer.sentencepiece.SentencePieceTokenizer;
import dev.llmsuite.tokenizer.sentencepiece.TokenKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tokenizer of a GGUF model, giving the token ids llama.cpp gives: special tokens are cut out
 * of the text first ({@link SpecialTokenSplitter}), the plain stretches between them are encoded
 * with the vocabulary's SentencePiece or byte-level BPE, and BOS/EOS are added as the file says.
 *
 * <p>Plain {@link #encode(String)} treats control-token text ({@code <|im_end|>}, {@code <s>}) as
 * the plain text it is; only a caller that trusts its text (a rendered chat template) asks for
 * control tokens with {@code parseSpecial}.
 */
public final class GgufTokenizer implements Tokenizer {

    /** Token texts llama.cpp treats as ending generation, and so as control tokens whatever their type. */
    private static final Set<String> END_OF_GENERATION = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",
            "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
            "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<\uFF5Cend\u2581of\u2581sentence\uFF5C>",
            "[e~[");
    /** Fill-in-the-middle markers, which llama.cpp also makes control tokens. */
    private static final Set<String> FILL_IN_THE_MIDDLE = Set.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
            "<\uFF5Cfim\u2581begin\uFF5C>", "<PRE>", "\u2581<PRE>", "<|code_prefix|>", "<|prefix|>", "<|fim_suffix|>", "<fim-suffix>",
            "<fim_suffix>", "<\uFF5Cfim\u2581hole\uFF5C>", "<SUF>", "\u2581<SUF>", "<|code_suffix|>", "<|suffix|>", "<|fim_middle|>",
            "<fim-middle>", "<fim_middle>", "<\uFF5Cfim\u2581end\uFF5C>", "<MID>", "\u2581<MID>", "<|code_middle|>", "<|middle|>",
            "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>",
            "<reponame>", "<|file_sep|>");

    private final String name;
    private final String[] tokens;
    private final SentencePieceTokenizer sentencePiece;
    private final ByteLevelBpeTokenizer bytePairs;
    private final SpecialTokenSplitter splitter;
    private final BitSet control;
    private final int bos;
    private final int eos;
    private final boolean addBos;
    private final boolean addEos;
    private final int[] endOfGeneration;

    private GgufTokenizer(String name, String[] tokens, SentencePieceTokenizer sentencePiece, ByteLevelBpeTokenizer bytePairs,
                          SpecialTokenSplitter splitter, BitSet control, int bos, int eos, boolean addBos, boolean addEos,
                          int[] endOfGeneration) {
        this.name = name;
        this.tokens = tokens;
        this.sentencePiece = sentencePiece;
        this.bytePairs = bytePairs;
        this.splitter = splitter;
        this.control = control;
        this.bos = bos;
        this.eos = eos;
        this.addBos = addBos;
        this.addEos = addEos;
        this.endOfGeneration = endOfGeneration;
    }

    /** Builds the tokenizer with llama.cpp's defaults for whatever the file leaves out. */
    public static GgufTokenizer of(GgufVocabulary v) {
        String[] tokens = v.tokens();
        int n = tokens.length;
        TokenKind[] kinds = new TokenKind[n];
        for (int id = 0; id < n; id++) {
            kinds[id] = v.types() == null ? TokenKind.NORMAL : TokenKind.ofGguf(v.types()[id]);
        }
        boolean sentencePieceModel = switch (v.model()) {
            case "llama" -> true;
            case "gpt2" -> false;
            default -> throw new IllegalArgumentException("Tokenizer model '" + v.model()
                    + "' is not supported; supported: llama (SentencePiece), gpt2 (byte-level BPE)");
        };
        BpeSplitting splitting = sentencePieceModel ? null : BpeSplitting.forName(v.pre());
        int bos = specialId(v.bos(), sentencePieceModel ? 1 : 11, n);
        int eos = specialId(v.eos(), sentencePieceModel ? 2 : 11, n);
        boolean addBos = v.addBos() != null ? v.addBos() : sentencePieceModel || splitting.addBos();
        boolean addEos = v.addEos() != null && v.addEos();
        boolean addSpacePrefix = v.addSpacePrefix() != null ? v.addSpacePrefix() : sentencePieceModel;

        BitSet control = new BitSet(n);
        BitSet userDefined = new BitSet(n);
        BitSet unknown = new BitSet(n);
        for (int id = 0; id < n; id++) {
            switch (kinds[id]) {
                case CONTROL -> control.set(id);
                case USER_DEFINED -> userDefined.set(id);
                case UNKNOWN -> unknown.set(id);
                default -> { }
            }
        }
        TreeSet<Integer> endOfGeneration = new TreeSet<>();
        boolean toolResponse = false;
        for (int id = 0; id < n; id++) {
            if (END_OF_GENERATION.contains(tokens[id])) {
                endOfGeneration.add(id);
                control.set(id);
                toolResponse |= tokens[id].equals("<|tool_response>");
            }
            if (FILL_IN_THE_MIDDLE.contains(tokens[id])) {
                control.set(id);
            }
        }
        // gpt-oss ends a turn with <|return|> or <|call|>, where <|end|> only ends a message; Gemma 4's </s> is text.
        int end = indexOf(tokens, "<|end|>");
        if (end >= 0 && (has(tokens, "<|return|>") && has(tokens, "<|call|>") || has(tokens, "<|calls|>") && has(tokens, "<|flush|>"))) {
            endOfGeneration.remove(end);
            control.clear(end);
            userDefined.set(end);
        }
        int closingS = indexOf(tokens, "</s>");
        if (toolResponse && closingS >= 0) {
            endOfGeneration.remove(closingS);
            control.clear(closingS);
        }
        for (Integer id : new Integer[] {eos, v.eot(), v.eom()}) {
            if (id != null && id >= 0 && id < n) {
                endOfGeneration.add(id);
            }
        }
        // The unknown token, like a control token, is cut out of trusted text only.
        control.or(unknown);
        BitSet special = (BitSet) control.clone();
        special.or(userDefined);
        BitSet rstrip = new BitSet(n);
        String modelName = v.modelName() == null ? "" : v.modelName().toLowerCase(Locale.ROOT);
        if (modelName.contains("phi-3") || modelName.contains("phi3")) {
            // llama.cpp's rule for Phi-3: its special tokens swallow the whitespace after them, except these three.
            rstrip.or(special);
            for (String keep : new String[] {"<unk>", "<s>", "<|endoftext|>"}) {
                if (indexOf(tokens, keep) >= 0) {
                    rstrip.clear(indexOf(tokens, keep));
                }
            }
        }
        SpecialTokenSplitter splitter = new SpecialTokenSplitter(tokens, special, control, rstrip);
        String name = v.modelName() == null ? "gguf" : v.modelName();
        int[] eog = endOfGeneration.stream().mapToInt(Integer::intValue).toArray();
        if (sentencePieceModel) {
            float[] scores = v.scores() != null ? v.scores() : new float[n];
            return new GgufTokenizer(name, tokens.clone(), new SentencePieceTokenizer(name, tokens, scores, kinds, addSpacePrefix),
                    null, splitter, control, bos, eos, addBos, addEos, eog);
        }
        if (v.merges() == null) {
            throw new IllegalArgumentException("A byte-level BPE vocabulary needs its merges (tokenizer.ggml.merges)");
        }
        return new GgufTokenizer(name, tokens.clone(), null, new ByteLevelBpeTokenizer(name, tokens, kinds, v.merges(), splitting),
                splitter, control, bos, eos, addBos, addEos, eog);
    }

    private static int specialId(Integer given, int fallback, int n) {
        int id = given != null ? given : fallback;
        return id >= 0 && id < n ? id : -1;
    }

    private static int indexOf(String[] tokens, String text) {
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id].equals(text)) {
                return id;
            }
        }
        return -1;
    }

    private static boolean has(String[] tokens, String text) {
        return indexOf(tokens, text) >= 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabularySize() {
        return tokens.length;
    }

    /** Plain text: no BOS, and control-token text stays text (user-defined tokens are still recognised, as in llama.cpp). */
    @Override
    public int[] encode(String text) {
        return encode(text, false, false);
    }

    /**
     * llama.cpp's {@code llama_tokenize}.
     *
     * @param addSpecial   put BOS (and EOS) around the text as the vocabulary asks
     * @param parseSpecial recognise control tokens in the text: only for trusted text
     */
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        return encode(split(text, parseSpecial), addSpecial);
    }

    /** The text cut at its special tokens; control tokens are cut out only if {@code parseSpecial}. */
    public List<Fragment> split(String text, boolean parseSpecial) {
        return splitter.split(text, parseSpecial);
    }

    /** Encodes fragments as llama.cpp encodes the fragments of one text: a SentencePiece text after a special token gets a space prefix. */
    public int[] encode(List<Fragment> fragments, boolean addSpecial) {
        TokenBuffer out = new TokenBuffer(64);
        if (addSpecial && addBos && bos >= 0) {
            out.add(bos);
        }
        boolean afterSpecial = true;
        for (Fragment fragment : fragments) {
            switch (fragment) {
                case Fragment.Token(int id) -> {
                    out.add(id);
                    afterSpecial = true;
                }
                case Fragment.Text(String text) -> {
                    if (sentencePiece != null) {
                        sentencePiece.encode(text, sentencePiece.addsSpacePrefix() && afterSpecial, out);
                    } else {
                        bytePairs.encode(text, out);
                    }
                    afterSpecial = false;
                }
            }
        }
        if (addSpecial && addEos && eos >= 0) {
            out.add(eos);
        }
        return out.toArray();
    }

    /** The texts of the control (and unknown) tokens: text that must not become one of them unless trusted. */
    public List<String> controlTexts() {
        List<String> texts = new ArrayList<>();
        for (int id = control.nextSetBit(0); id >= 0; id = control.nextSetBit(id + 1)) {
            if (!tokens[id].isEmpty()) {
                texts.add(tokens[id]);
            }
        }
        return texts;
    }

    /** Whether the token is a control (or the unknown) token, which only trusted text yields. */
    public boolean isControl(int id) {
        return control.get(id);
    }

    public int bos() {
        return bos;
    }

    public int eos() {
        return eos;
    }

    public boolean addsBos() {
        return addBos;
    }

    public boolean addsEos() {
        return addEos;
    }

    /** The tokens that end generation (end of turn, end of text), as llama.cpp finds them. */
    public int[] endOfGeneration() {
        return endOfGeneration.clone();
    }

    /** The vocabulary entry as stored, e.g. "▁time", "Ġthe" or "<|im_end|>". */
    public String token(int id) {
        return tokens[id];
    }

    /** The bytes a token stands for in generated text; control tokens stand for nothing. */
    public byte[] tokenBytes(int id) {
        return sentencePiece != null ? sentencePiece.tokenBytes(id) : bytePairs.tokenBytes(id);
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        return sentencePiece != null ? sentencePiece.decodeBytes(ids) : bytePairs.decodeBytes(ids);
    }
}
