package dev.llmsuite.transformer.bench;

import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufTensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Bytes one decoded token reads from memory: every weight once (of the token embedding, one row),
 * and the keys and values of every cached position.
 *
 * @param weightBytes        weights read per token
 * @param kvBytesPerPosition the cache's bytes per position (keys and values of every layer)
 */
record DecodeTraffic(long weightBytes, long kvBytesPerPosition) {

    static DecodeTraffic of(Path gguf, long kvBytesPerPosition) throws IOException {
        long weights = 0;
        try (GgufFile file = GgufFile.open(gguf)) {
            for (GgufTensor tensor : file.tensors().values()) {
                long bytes = tensor.data().byteSize();
                weights += tensor.name().equals("token_embd.weight") ? bytes / tensor.rows() : bytes;
            }
        }
        return new DecodeTraffic(weights, kvBytesPerPosition);
    }
}
