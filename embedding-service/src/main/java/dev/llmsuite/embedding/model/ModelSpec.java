package dev.llmsuite.embedding.model;

import dev.llmsuite.embedding.pooling.Pooling;

import java.util.Optional;

/**
 * Where a model's files are and how to turn its token vectors into sentence vectors. Locations
 * are file paths or {@code classpath:} resources (the built-in all-MiniLM-L6-v2 ships inside
 * langchain4j's model jar). Empty options are filled from the model folder's sentence-transformers
 * configuration, then from the defaults of {@link ModelFolder}.
 *
 * @param shortenableDimensions whether the model was trained so that a prefix of its vector is
 *                              itself a good embedding (Matryoshka); only then may a request ask
 *                              for fewer dimensions
 */
public record ModelSpec(String name, String onnx, String tokenizer, Optional<Integer> maxTokens,
                        Optional<Pooling> pooling, Optional<Boolean> normalize, boolean shortenableDimensions) {
}
