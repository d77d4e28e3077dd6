package dev.llmsuite.transformer.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.tensor.Quantization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Reading the published stories260K.gguf, writing our own files, and refusing what we cannot run. */
class GgufFileTest {

    @TempDir
    Path folder;

    @Test
    void readsThePublishedModel() throws Exception {
        try (GgufFile file = GgufFile.open(SharedData.model("stories260K.gguf"))) {
            assertEquals("llama", file.string("general.architecture"));
            assertEquals(64, file.integer("llama.embedding_length"));
            assertEquals(512, ((String[]) file.required("tokenizer.ggml.tokens")).length);
            assertEquals(48, file.tensors().size());
            GgufTensor embedding = file.tensor("token_embd.weight");
            assertArrayEquals(new long[] {64, 512}, embedding.shape());
            assertEquals(TensorType.F32, embedding.type());
        }
    }

    @Test
    void writtenMetadataAndTensorsReadBack() throws Exception {
        Path path = folder.resolve("small.gguf");
        float[] values = new float[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = i - 31.5f;
        }
        new GgufWriter()
                .putString("general.architecture", "test")
                .putUint32("test.count", 7)
                .putFloat32("test.eps", 1e-6f)
                .putBool("test.flag", true)
                .putStringArray("test.words", new String[] {"a", "ü", ""})
                .addTensor("weights", TensorType.F32, new long[] {32, 2}, Quantization.encode(TensorType.F32, values))
                .addTensor("q8", TensorType.Q8_0, new long[] {64}, Quantization.encode(TensorType.Q8_0, values))
                .write(path);
        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(7, file.integer("test.count"));
            assertEquals(1e-6f, file.real("test.eps", 0));
            assertTrue(file.bool("test.flag", false));
            assertArrayEquals(new String[] {"a", "ü", ""}, (String[]) file.required("test.words"));
            GgufTensor weights = file.tensor("weights");
            assertEquals(2, weights.rows());
            assertEquals(32, weights.columns());
            assertEquals(0, weights.data().address() % GgufFile.DEFAULT_ALIGNMENT, "tensor data is aligned");
            assertEquals(TensorType.Q8_0, file.tensor("q8").type());
            assertEquals(68, file.tensor("q8").data().byteSize());
        }
    }

    @ParameterizedTest
    @CsvSource({"6, Q5_0", "3, Q4_1", "23, IQ4_XS", "16, IQ2_XXS"})
    void unsupportedTensorTypeIsNamedInTheError(int ggmlType, String name) throws Exception {
        Path path = folder.resolve("unsupported.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .addTensor("blk.0.ffn_down.weight", TensorType.F32, new long[] {256}, new byte[1024])
                .write(path);
        retype(path, "blk.0.ffn_down.weight", ggmlType);
        var error = assertThrows(TensorType.UnsupportedTensorTypeException.class, () -> GgufFile.open(path));
        assertTrue(error.getMessage().contains(name + " (" + ggmlType + ")"), error.getMessage());
        assertTrue(error.getMessage().contains("blk.0.ffn_down.weight"), error.getMessage());
        assertTrue(error.getMessage().contains("F32, F16, Q4_0, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, BF16"), error.getMessage());
    }

    @Test
    void notAGgufFileIsReportedAsSuch() throws Exception {
        Path path = folder.resolve("text.gguf");
        Files.writeString(path, "definitely not a model");
        var error = assertThrows(GgufFormatException.class, () -> GgufFile.open(path));
        assertTrue(error.getMessage().contains("bad magic"), error.getMessage());
    }

    /** Rewrites a tensor's ggml type id in place: its descriptor is name, rank, dimensions, type. */
    private static void retype(Path path, String tensor, int ggmlType) throws Exception {
        byte[] bytes = Files.readAllBytes(path);
        byte[] name = tensor.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, name) + name.length;
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rank = buffer.getInt(at);
        buffer.putInt(at + 4 + 8 * rank, ggmlType);
        Files.write(path, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
