package dev.llmsuite.tokenizer.training;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.bpe.TiktokenFiles;
import dev.llmsuite.tokenizer.encodings.SpecialTokens;
import dev.llmsuite.tokenizer.encodings.TiktokenEncoding;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trained vocabulary saved as {@code .tiktoken} and loaded back is a working tiktoken encoding. */
class TrainedEncodingTest {

    static final Map<String, Integer> SPECIALS = Map.of("<|endoftext|>", 2048);

    static String training;
    static List<String> heldOut;
    static TrainedVocabulary vocabulary;
    static byte[] file;

    @BeforeAll
    static void trainAndSave() throws IOException {
        String english = Files.readString(SharedData.corpus("en.txt"));
        training = english.substring(0, 600_000);
        heldOut = List.of(
                english.substring(1_000_000, 1_200_000),
                Files.readString(SharedData.corpus("de.txt")).substring(0, 100_000),
                Files.readString(SharedData.corpus("ru.txt")).substring(0, 50_000),
                Files.readString(SharedData.corpus("zh.txt")).substring(0, 30_000),
                Files.readString(SharedData.corpus("code.txt")).substring(0, 100_000),
                "emoji 👩‍👩‍👧 flags 🇺🇦, combining é (e\u0301), RTL שלום مرحبا, controls \u0000\u0007\t, spaces   \n\n  end");
        vocabulary = new BpeTrainer(PreTokenizer.CL100K).train(training, 2048, TrainingProgress.SILENT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TiktokenFiles.write(vocabulary.ranks(), out);
        file = out.toByteArray();
    }

    static TiktokenEncoding loaded() throws IOException {
        return TiktokenEncoding.fromTiktokenFile("trained", new ByteArrayInputStream(file), PreTokenizer.CL100K, SPECIALS);
    }

    @Test
    void fileHasOneBase64LinePerTokenInRankOrder() {
        String[] lines = new String(file, StandardCharsets.US_ASCII).split("\n");
        assertEquals(vocabulary.size(), lines.length);
        for (int rank = 0; rank < lines.length; rank++) {
            String[] fields = lines[rank].split(" ");
            assertEquals(2, fields.length, lines[rank]);
            assertArrayEquals(vocabulary.tokenBytes(rank), Base64.getDecoder().decode(fields[0]));
            assertEquals(rank, Integer.parseInt(fields[1]));
        }
    }

    @Test
    void loadedEncodingEncodesLikeTheTrainedVocabulary() throws IOException {
        TiktokenEncoding fromFile = loaded();
        TiktokenEncoding inMemory = new TiktokenEncoding("trained", vocabulary.ranks(), PreTokenizer.CL100K, SPECIALS);
        assertEquals(2049, fromFile.vocabularySize());
        for (String text : heldOut) {
            assertArrayEquals(inMemory.encode(text), fromFile.encode(text));
        }
    }

    @Test
    void decodingAnEncodedTextGivesItBack() throws IOException {
        TiktokenEncoding encoding = loaded();
        for (String text : heldOut) {
            assertEquals(text, encoding.decode(encoding.encode(text)));
        }
    }

    @Test
    void specialTokensOfATrainedEncodingFollowTheCallersPolicy() throws IOException {
        TiktokenEncoding encoding = loaded();
        String text = "the end<|endoftext|>";
        assertTrue(java.util.Arrays.stream(encoding.encode(text)).noneMatch(id -> id == 2048));
        int[] allowed = encoding.encode(text, SpecialTokens.all());
        assertEquals(2048, allowed[allowed.length - 1]);
    }

    @Test
    void compressionImprovesWithEveryLargerVocabulary() {
        BpeTrainer trainer = new BpeTrainer(PreTokenizer.CL100K);
        String english = heldOut.getFirst();
        int bytes = english.getBytes(StandardCharsets.UTF_8).length;
        double previous = 0;
        for (int size : new int[] {256, 512, 1024, 2048, 4096}) {
            TrainedVocabulary trained = trainer.train(training, size, TrainingProgress.SILENT);
            TiktokenEncoding encoding = new TiktokenEncoding("trained-" + size, trained.ranks(), PreTokenizer.CL100K, Map.of());
            double bytesPerToken = (double) bytes / encoding.count(english);
            assertTrue(bytesPerToken > previous, size + " tokens: " + bytesPerToken + " bytes per token, not above " + previous);
            previous = bytesPerToken;
        }
    }
}
