package dev.llmsuite.embedding.api;

import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.model.EmbeddingModel;
import dev.llmsuite.openai.OpenAiException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/** How vectors leave the service: OpenAI's {@code encoding_format} and {@code dimensions}. */
public final class VectorFormat {

    private VectorFormat() {
    }

    /** Checks {@code encoding_format}: absent or "float" means JSON numbers, "base64" packed float32. */
    public static boolean base64(String encodingFormat) {
        if (encodingFormat == null || encodingFormat.equals("float")) {
            return false;
        }
        if (encodingFormat.equals("base64")) {
            return true;
        }
        throw OpenAiException.badRequest("'encoding_format' must be 'float' or 'base64', not '" + encodingFormat + "'.", "encoding_format");
    }

    /**
     * Checks {@code dimensions}: the model's own size is always fine; fewer only for models
     * trained for it (Matryoshka), because cutting an ordinary embedding loses its meaning.
     */
    public static int dimensions(EmbeddingModel model, Integer requested) {
        if (requested == null || requested == model.dimensions()) {
            return model.dimensions();
        }
        if (!model.shortenableDimensions()) {
            throw OpenAiException.badRequest("Model " + model.name() + " does not support 'dimensions': its vectors have "
                    + model.dimensions() + " dimensions and cannot be shortened.", "dimensions");
        }
        if (requested < 1 || requested > model.dimensions()) {
            throw OpenAiException.badRequest("'dimensions' must be between 1 and " + model.dimensions() + ", not " + requested + ".", "dimensions");
        }
        return requested;
    }

    /** The vector cut to {@code dimensions} (re-normalized when cut) as a float array or a base64 string. */
    public static Object encode(float[] vector, int dimensions, boolean base64) {
        float[] values = dimensions == vector.length ? vector : Vectors.normalized(Arrays.copyOf(vector, dimensions));
        if (!base64) {
            return values;
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
