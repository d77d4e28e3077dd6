package dev.llmsuite.openai;

import java.util.List;

/**
 * OpenAI's answer to {@code GET /v1/models}: {@code {"object":"list","data":[...]}}. The model
 * objects differ per service (each adds what its clients need), so they are the type parameter.
 */
public record ModelList<M>(String object, List<M> data) {

    public static <M> ModelList<M> of(List<M> models) {
        return new ModelList<>("list", models);
    }
}
