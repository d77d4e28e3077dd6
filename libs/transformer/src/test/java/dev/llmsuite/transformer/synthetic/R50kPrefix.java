package dev.llmsuite.transformer.synthetic;

import dev.llmsuite.tokenizer.bytelevel.ByteAlphabet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small byte-level BPE vocabulary cut from GPT-2's real one: the first {@code size} tokens of
 * r50k_base (read from jtokkit's data file) plus {@code <|endoftext|>}. tiktoken files store ranks,
 * not merges; the merge that made token r is recovered by byte-pair encoding its bytes with the
 * tokens ranked below r, which leaves exactly two parts.
 */
public final class R50kPrefix {

    private R50kPrefix() {
    }

    public static ByteLevelVocabulary load(int size) throws IOException {
        List<byte[]> tokens = new ArrayList<>();
        try (InputStream in = R50kPrefix.class.getResourceAsStream("/com/knuddels/jtokkit/r50k_base.tiktoken");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while (tokens.size() < size && (line = reader.readLine()) != null) {
                tokens.add(Base64.getDecoder().decode(line.substring(0, line.indexOf(' '))));
            }
        }
        Map<String, Integer> ranks = new HashMap<>();
        String[] spelled = new String[size + 1];
        int[] types = new int[size + 1];
        for (int r = 0; r < size; r++) {
            spelled[r] = ByteAlphabet.spell(tokens.get(r));
            ranks.put(spelled[r], r);
            types[r] = 1;
        }
        List<String> merges = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            if (tokens.get(r).length > 1) {
                List<String> parts = encodeBelow(spelled[r], r, ranks);
                if (parts.size() != 2) {
                    throw new IllegalStateException("r50k token " + r + " does not split into two lower-ranked tokens: " + parts);
                }
                merges.add(parts.get(0) + " " + parts.get(1));
            }
        }
        spelled[size] = "<|endoftext|>";
        types[size] = 3;
        return new ByteLevelVocabulary(spelled, merges.toArray(String[]::new), types, size);
    }

    private static List<String> encodeBelow(String word, int maxRank, Map<String, Integer> ranks) {
        List<String> parts = new ArrayList<>();
        word.codePoints().forEach(cp -> parts.add(Character.toString(cp)));
        while (parts.size() > 2) {
            int best = -1;
            int bestRank = maxRank;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = ranks.get(parts.get(i) + parts.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
        return parts;
    }
}
