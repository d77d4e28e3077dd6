package dev.llmsuite.transformer.tensor;

import dev.llmsuite.transformer.gguf.KQuantBlock;
import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;

/**
 * Decodes K-quant super-blocks back to floats with llama.cpp's arithmetic: value i of sub-block j
 * is {@code (d * scale(j)) * (level(i) - offset) - dmin * min(j)}, rounded in that order, so an
 * embedding row looked up here equals the one llama.cpp looks up.
 */
final class KQuantDecoder {

    private static final int SUPER_BLOCK = 256;

    private KQuantDecoder() {
    }

    /** Decodes {@code count} values (whole super-blocks) starting at byte {@code offset} into {@code out[at ...]}. */
    static void decode(TensorType type, MemorySegment data, long offset, int count, float[] out, int at) {
        int subBlock = KQuantBlock.subBlockSize(type);
        int levelOffset = KQuantBlock.levelOffset(type);
        int[] levels = new int[SUPER_BLOCK];
        for (int b = 0; b < count / SUPER_BLOCK; b++) {
            long block = offset + (long) b * type.blockBytes;
            KQuantBlock.levels(type, data, block, levels, 0);
            float d = KQuantBlock.d(type, data, block);
            float dmin = KQuantBlock.dmin(type, data, block);
            for (int j = 0; j < SUPER_BLOCK / subBlock; j++) {
                float scale = d * KQuantBlock.scale(type, data, block, j);
                float min = dmin * KQuantBlock.min(type, data, block, j);
                for (int i = j * subBlock; i < (j + 1) * subBlock; i++) {
                    out[at + b * SUPER_BLOCK + i] = scale * (levels[i] - levelOffset) - min;
                }
            }
        }
    }
}
