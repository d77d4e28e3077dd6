package dev.llmsuite.tokenizer.encodings;

import java.util.Set;

/**
 * What encoding does with special-token strings such as {@code <|endoftext|>} found in the text,
 * after tiktoken's {@code allowed_special} / {@code disallowed_special}:
 * an <em>allowed</em> one becomes its control token; any other is either encoded as the plain text
 * it is ({@link #ordinary()}, the safe default for user text) or rejected with
 * {@link DisallowedSpecialTokenException} ({@link #strict()}, tiktoken's own default).
 *
 * <p>Only trusted callers (a chat template, never user input) should allow special tokens.
 */
public final class SpecialTokens {

    private static final SpecialTokens ORDINARY = new SpecialTokens(Set.of(), false, false);
    private static final SpecialTokens STRICT = new SpecialTokens(Set.of(), false, true);
    private static final SpecialTokens ALL = new SpecialTokens(Set.of(), true, false);

    private final Set<String> allowed;
    private final boolean allowAll;
    private final boolean rejectOthers;

    private SpecialTokens(Set<String> allowed, boolean allowAll, boolean rejectOthers) {
        this.allowed = allowed;
        this.allowAll = allowAll;
        this.rejectOthers = rejectOthers;
    }

    /** Special-token strings are plain text. */
    public static SpecialTokens ordinary() {
        return ORDINARY;
    }

    /** Text containing any special-token string is rejected (tiktoken's {@code disallowed_special="all"}). */
    public static SpecialTokens strict() {
        return STRICT;
    }

    /** Every special token of the encoding is a control token (tiktoken's {@code allowed_special="all"}). */
    public static SpecialTokens all() {
        return ALL;
    }

    /** These become control tokens; other special-token strings are plain text. */
    public static SpecialTokens allow(Set<String> names) {
        return new SpecialTokens(Set.copyOf(names), false, false);
    }

    /** The same allowance, but any other special-token string in the text is rejected. */
    public SpecialTokens rejectingOthers() {
        return new SpecialTokens(allowed, allowAll, true);
    }

    boolean allows(String special) {
        return allowAll || allowed.contains(special);
    }

    boolean rejectsOthers() {
        return rejectOthers;
    }

    @Override
    public String toString() {
        return "SpecialTokens[allowed=" + (allowAll ? "all" : allowed) + ", others=" + (rejectOthers ? "rejected" : "plain text") + "]";
    }
}
