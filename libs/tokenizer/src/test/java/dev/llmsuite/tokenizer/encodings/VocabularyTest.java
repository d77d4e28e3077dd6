package dev.llmsuite.tokenizer.encodings;

import com.knuddels.jtokkit.api.Encoding;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.bpe.RankTable;
import dev.llmsuite.tokenizer.bpe.TiktokenFiles;
import dev.llmsuite.tokenizer.pretokenize.PreTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Vocabularies: every id decodes as in jtokkit, sizes, and the .tiktoken format both ways. */
class VocabularyTest {

    static Stream<String> encodingNames() {
        return Encodings.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodingNames")
    void everyIdDecodesAsInJtokkitAndNoIdBeyondTheSize(String name) {
        TiktokenEncoding ours = Encodings.get(name);
        Encoding jtokkit = Jtokkit.encoding(name);
        for (int id = 0; id < ours.vocabularySize(); id++) {
            byte[] expected = decodeOrNull(jtokkit, id);
            if (expected == null) {
                int missing = id;
                assertThrows(InvalidTokenIdException.class, () -> ours.decodeBytes(new int[] {missing}));
            } else {
                assertArrayEquals(expected, ours.decodeBytes(new int[] {id}), name + " id " + id);
            }
        }
        assertEquals(null, decodeOrNull(jtokkit, ours.vocabularySize()));
        assertThrows(InvalidTokenIdException.class, () -> ours.decodeBytes(new int[] {-1}));
    }

    @Test
    void vocabularySizesAreTiktokensNVocab() {
        // The brief's facts: r50k_base (GPT-2/GPT-3) has 50,257 ids, cl100k_base 100,277 (not 50,257).
        assertEquals(50_257, Encodings.get("r50k_base").vocabularySize());
        assertEquals(50_281, Encodings.get("p50k_base").vocabularySize());
        assertEquals(100_277, Encodings.get("cl100k_base").vocabularySize());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodingNames")
    void writingAVocabularyReproducesTheShippedFile(String name) throws IOException {
        String resource = "/com/knuddels/jtokkit/" + (name.equals("p50k_edit") ? "p50k_base" : name) + ".tiktoken";
        byte[] shipped;
        try (InputStream in = VocabularyTest.class.getResourceAsStream(resource)) {
            shipped = in.readAllBytes();
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        TiktokenFiles.write(Encodings.get(name).ranks(), written);
        assertArrayEquals(shipped, written.toByteArray());
    }

    @Test
    void aVocabularyWrittenAsAListLoadsBackAsAnEncoding() throws IOException {
        List<byte[]> sequences = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            sequences.add(new byte[] {(byte) b});
        }
        for (String merged : List.of("th", "the", " the", "in", "ing", " k", " king")) {
            sequences.add(merged.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        TiktokenFiles.write(sequences, file);
        TiktokenEncoding trained = TiktokenEncoding.fromTiktokenFile("tiny", new ByteArrayInputStream(file.toByteArray()),
                PreTokenizer.GPT2, Map.of("<|endoftext|>", 263));
        assertEquals(264, trained.vocabularySize());
        assertArrayEquals(new int[] {257, 262}, trained.encode("the king"));
        assertArrayEquals(new int[] {262, 263}, trained.encode(" king<|endoftext|>", SpecialTokens.all()));
        String text = Files.readString(SharedData.corpus("en.txt")).substring(0, 20_000);
        assertEquals(text, trained.decode(trained.encode(text)));
    }

    @Test
    void malformedVocabularyFilesAreRejectedClearly() {
        assertThrows(IOException.class, () -> TiktokenFiles.read(new ByteArrayInputStream("YQ==\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IOException.class, () -> TiktokenFiles.read(new ByteArrayInputStream("%%% 0\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IOException.class, () -> TiktokenFiles.read(new ByteArrayInputStream("YQ== 0\nYQ== 1\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IOException.class, () -> TiktokenFiles.read(new ByteArrayInputStream("YQ== 0\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IllegalArgumentException.class, () -> new RankTable.Builder().add(new byte[0], 0));
    }

    private static byte[] decodeOrNull(Encoding jtokkit, int id) {
        try {
            return jtokkit.decodeBytes(Jtokkit.ids(id));
        } catch (RuntimeException unknown) {
            return null;
        }
    }
}
