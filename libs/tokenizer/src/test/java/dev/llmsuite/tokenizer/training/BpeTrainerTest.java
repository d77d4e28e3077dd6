package dev.llmsuite.tokenizer.training;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the properties that define BPE training, each computed independently of the trainer:
 * a naive re-implementation would only compare the trainer with itself.
 */
class BpeTrainerTest {

    static final PreTokenizer CL100K = PreTokenizer.CL100K;

    static String english;
    static TrainedVocabulary vocabulary;

    /** The whole English corpus to 4,096 tokens (how long that takes is measured by {@code ./suite bench tokenizer}). */
    @BeforeAll
    static void trainOnEnglish() throws IOException {
        english = Files.readString(SharedData.corpus("en.txt"));
        vocabulary = new BpeTrainer(CL100K).train(english, 4096, TrainingProgress.SILENT);
    }

    @Test
    void vocabularyHasExactlyTheRequestedSize() {
        assertEquals(4096, vocabulary.size());
    }

    @Test
    void theFirst256TokensAreTheBytesInOrder() {
        for (int b = 0; b < 256; b++) {
            assertArrayEquals(new byte[] {(byte) b}, vocabulary.tokenBytes(b));
        }
    }

    @Test
    void everyMergedTokenIsTheConcatenationOfTwoEarlierTokens() {
        for (Merge merge : vocabulary.merges()) {
            assertTrue(merge.left() < merge.token() && merge.right() < merge.token(), merge.toString());
            byte[] left = vocabulary.tokenBytes(merge.left());
            byte[] right = vocabulary.tokenBytes(merge.right());
            byte[] joined = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            assertArrayEquals(joined, vocabulary.tokenBytes(merge.token()), merge.toString());
        }
    }

    @Test
    void firstMergeIsTheGloballyMostFrequentBytePair() {
        Map<Integer, Long> pairCounts = new HashMap<>();
        // java.util.regex with the published pattern, not the trainer's hand-written scanner.
        Pattern cl100k = Pattern.compile(PreTokenizer.CL100K_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
        Matcher pieces = cl100k.matcher(english);
        while (pieces.find()) {
            byte[] bytes = pieces.group().getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < bytes.length; i++) {
                pairCounts.merge((bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF), 1L, Long::sum);
            }
        }
        long highest = pairCounts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Merge first = vocabulary.merges().getFirst();
        assertEquals(highest, first.count());
        assertEquals(highest, pairCounts.get(first.left() << 8 | first.right()));
    }

    @Test
    void winningCountsNeverIncrease() {
        // A pair created by a merge occurs at most as often as the merged token itself, so greedy
        // BPE picks ever rarer pairs.
        long previous = Long.MAX_VALUE;
        for (Merge merge : vocabulary.merges()) {
            assertTrue(merge.count() <= previous, merge.toString());
            previous = merge.count();
        }
    }

    @Test
    void sameCorpusSameVocabularyAndSmallerSizesArePrefixes() {
        String slice = english.substring(0, 200_000);
        BpeTrainer trainer = new BpeTrainer(CL100K);
        TrainedVocabulary small = trainer.train(slice, 400, TrainingProgress.SILENT);
        TrainedVocabulary large = trainer.train(slice, 600, TrainingProgress.SILENT);
        assertEquals(small.merges(), large.merges().subList(0, small.merges().size()));
    }

    @Test
    void progressIsReportedForEveryMerge() {
        int[] calls = new int[1];
        new BpeTrainer(CL100K).train(english.substring(0, 50_000), 300,
                (done, planned, merge, bytes) -> {
                    calls[0]++;
                    assertEquals(calls[0], done);
                    assertEquals(44, planned);
                });
        assertEquals(44, calls[0]);
    }

    @Test
    void stopsEarlyWhenTheCorpusRunsOutOfPairs() {
        TrainedVocabulary tiny = new BpeTrainer(CL100K).train("ab ab ab", 1000, TrainingProgress.SILENT);
        assertEquals(258, tiny.size());
        assertArrayEquals(" ab".getBytes(StandardCharsets.US_ASCII), tiny.tokenBytes(257));
    }

    @Test
    void rejectsVocabulariesSmallerThanTheByteAlphabet() {
        assertThrows(IllegalArgumentException.class,
                () -> new BpeTrainer(CL100K).train("text", 255, TrainingProgress.SILENT));
    }
}
