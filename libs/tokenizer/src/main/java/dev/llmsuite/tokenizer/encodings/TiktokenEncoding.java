package dev.llmsuite.tokenizer.encodings;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.Utf8Replacement;
import dev.llmsuite.tokenizer.bpe.BytePairEncoder;
import dev.llmsuite.tokenizer.bpe.PairMemo;
import dev.llmsuite.tokenizer.bpe.PieceCache;
import dev.llmsuite.tokenizer.bpe.RankTable;
import dev.llmsuite.tokenizer.bpe.TiktokenFiles;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import dev.llmsuite.tokenizer.pretokenize.Utf8Text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiktoken encoding: a pre-tokenizer that cuts text into pieces, a byte-level BPE vocabulary
 * that turns each piece's UTF-8 bytes into tokens, and special tokens that only a caller's explicit
 * {@link SpecialTokens} policy turns into control tokens. Immutable and thread-safe.
 *
 * <p>Text is encoded as UTF-8; a lone surrogate becomes U+FFFD first, as in tiktoken (see
 * {@link Utf8Text}).
 */
public final class TiktokenEncoding implements Tokenizer {

    private final String name;
    private final RankTable ranks;
    private final PieceCache cache = new PieceCache();
    private final PairMemo memo = new PairMemo();
    /** Per thread, as an encoder holds scratch space; the caches behind it are shared. */
    private final ThreadLocal<BytePairEncoder> encoders;
    private final PreTokenizer preTokenizer;
    private final Map<String, Integer> specialTokens;
    private final String[] specialNames;
    private final int[] specialIds;
    private final int vocabularySize;

    public TiktokenEncoding(String name, RankTable ranks, PreTokenizer preTokenizer, Map<String, Integer> specialTokens) {
        this.name = name;
        this.ranks = ranks;
        this.preTokenizer = preTokenizer;
        Map<String, Integer> byId = new LinkedHashMap<>();
        specialTokens.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> byId.put(e.getKey(), e.getValue()));
        this.specialTokens = Collections.unmodifiableMap(byId);
        this.specialNames = byId.keySet().toArray(String[]::new);
        this.specialIds = byId.values().stream().mapToInt(Integer::intValue).toArray();
        int limit = ranks.rankLimit();
        for (int i = 0; i < specialIds.length; i++) {
            if (specialNames[i].isEmpty() || ranks.contains(specialIds[i]) || specialIds[i] < 0) {
                throw new IllegalArgumentException("Special token '" + specialNames[i] + "' needs a free id, not " + specialIds[i]);
            }
            limit = Math.max(limit, specialIds[i] + 1);
        }
        this.vocabularySize = limit;
        this.encoders = ThreadLocal.withInitial(() -> new BytePairEncoder(ranks, cache, memo));
    }

    /** Loads a vocabulary saved in {@code .tiktoken} format (the caller closes the stream). */
    public static TiktokenEncoding fromTiktokenFile(String name, InputStream in, PreTokenizer pattern,
                                                    Map<String, Integer> specialTokens) throws IOException {
        return new TiktokenEncoding(name, TiktokenFiles.read(in), pattern, specialTokens);
    }

    @Override
    public String name() {
        return name;
    }

    /** One more than the highest id, as tiktoken's {@code n_vocab}. */
    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Special-token strings and their ids, by id. */
    public Map<String, Integer> specialTokens() {
        return specialTokens;
    }

    public PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    public RankTable ranks() {
        return ranks;
    }

    /** Encodes text with special-token strings as plain text (tiktoken's {@code encode_ordinary}). */
    @Override
    public int[] encode(String text) {
        BytePairEncoder encoder = encoder(false);
        encodeOrdinary(text, encoder);
        return encoder.tokens().toArray();
    }

    /** Encodes text, treating special-token strings as the policy says. */
    public int[] encode(String text, SpecialTokens policy) {
        BytePairEncoder encoder = encoder(false);
        encode(text, policy, encoder);
        return encoder.tokens().toArray();
    }

    @Override
    public int count(String text) {
        BytePairEncoder encoder = encoder(true);
        encodeOrdinary(text, encoder);
        return encoder.tokens().count();
    }

    public int count(String text, SpecialTokens policy) {
        BytePairEncoder encoder = encoder(true);
        encode(text, policy, encoder);
        return encoder.tokens().count();
    }

    /** This thread's encoder, emptied, to collect the tokens or only to count them. */
    private BytePairEncoder encoder(boolean countOnly) {
        BytePairEncoder encoder = encoders.get();
        encoder.reset(countOnly);
        return encoder;
    }

    /** Encodes and tells, for each token, which bytes of the text's UTF-8 it covers. */
    public List<TokenSpan> encodeWithOffsets(String text, SpecialTokens policy) {
        int[] ids = encode(text, policy);
        List<TokenSpan> spans = new ArrayList<>(ids.length);
        int start = 0;
        for (int id : ids) {
            byte[] bytes = tokenBytes(id);
            spans.add(new TokenSpan(id, start, start + bytes.length, Utf8Replacement.decode(bytes)));
            start += bytes.length;
        }
        return spans;
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        int total = 0;
        for (int id : ids) {
            total += ranks.contains(id) ? ranks.length(id) : specialBytes(id).length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int id : ids) {
            if (ranks.contains(id)) {
                at = ranks.copy(id, out, at);
            } else {
                byte[] special = specialBytes(id);
                System.arraycopy(special, 0, out, at, special.length);
                at += special.length;
            }
        }
        return out;
    }

    /** The bytes of one token. */
    public byte[] tokenBytes(int id) {
        return ranks.contains(id) ? ranks.bytes(id) : specialBytes(id);
    }

    private byte[] specialBytes(int id) {
        for (int i = 0; i < specialIds.length; i++) {
            if (specialIds[i] == id) {
                return specialNames[i].getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new InvalidTokenIdException(name, id, vocabularySize);
    }

    private void encode(String text, SpecialTokens policy, BytePairEncoder out) {
        int[] nextAt = new int[specialNames.length];
        boolean anyAllowed = false;
        String rejected = null;
        int rejectedAt = -1;
        for (int i = 0; i < specialNames.length; i++) {
            boolean allowed = policy.allows(specialNames[i]);
            anyAllowed |= allowed;
            nextAt[i] = allowed ? text.indexOf(specialNames[i]) : -1;
            int at = !allowed && policy.rejectsOthers() ? text.indexOf(specialNames[i]) : -1;
            // Like tiktoken, name the disallowed token that comes first in the text (the longer one at a tie).
            if (at >= 0 && (rejected == null || at < rejectedAt || at == rejectedAt && specialNames[i].length() > rejected.length())) {
                rejected = specialNames[i];
                rejectedAt = at;
            }
        }
        if (rejected != null) {
            throw new DisallowedSpecialTokenException(rejected);
        }
        if (!anyAllowed) {
            encodeOrdinary(text, out);
            return;
        }
        int pos = 0;
        while (true) {
            int first = -1;
            for (int i = 0; i < nextAt.length; i++) {
                if (nextAt[i] >= 0 && nextAt[i] < pos) {
                    // This occurrence was just emitted, or lay inside the one that was: look further on.
                    nextAt[i] = text.indexOf(specialNames[i], pos);
                }
                if (nextAt[i] >= 0 && (first < 0 || nextAt[i] < nextAt[first]
                        || (nextAt[i] == nextAt[first] && specialNames[i].length() > specialNames[first].length()))) {
                    first = i;
                }
            }
            if (first < 0) {
                encodeOrdinary(text.substring(pos), out);
                return;
            }
            encodeOrdinary(text.substring(pos, nextAt[first]), out);
            out.tokens().add(specialIds[first]);
            pos = nextAt[first] + specialNames[first].length();
        }
    }

    private void encodeOrdinary(String text, BytePairEncoder out) {
        if (text.isEmpty()) {
            return;
        }
        preTokenizer.split(text, Utf8Text.of(text), out);
    }

    @Override
    public String toString() {
        return name;
    }
}
