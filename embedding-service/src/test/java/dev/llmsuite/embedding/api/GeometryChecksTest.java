package dev.llmsuite.embedding.api;

import dev.llmsuite.openai.OpenAiException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each refusal of a geometry request names the element at fault. */
class GeometryChecksTest {

    private static String refusedParam(Runnable check) {
        OpenAiException e = assertThrows(OpenAiException.class, check::run);
        assertEquals(400, e.status());
        return e.param();
    }

    @Test
    void textsNameTheEmptyOrMissingElement() {
        assertEquals(List.of("a", "b"), GeometryChecks.texts(List.of("a", "b"), "documents", 10));
        assertEquals("documents[1]", refusedParam(() -> GeometryChecks.texts(Arrays.asList("a", null), "documents", 10)));
        assertEquals("documents[0]", refusedParam(() -> GeometryChecks.texts(List.of(""), "documents", 10)));
        assertEquals("documents", refusedParam(() -> GeometryChecks.texts(List.of(), "documents", 10)));
        assertEquals("documents", refusedParam(() -> GeometryChecks.texts(List.of("a", "b", "c"), "documents", 2)));
    }

    @Test
    void pairsAreFlattenedInOrderAndNameTheirElements() {
        assertEquals(List.of("a", "b", "c", "d"), GeometryChecks.pairs(List.of(List.of("a", "b"), List.of("c", "d")), 10));
        assertEquals("pairs[1][0]", refusedParam(() -> GeometryChecks.pairs(List.of(List.of("a", "b"), Arrays.asList(null, "d")), 10)));
        assertEquals("pairs[0]", refusedParam(() -> GeometryChecks.pairs(List.of(List.of("a")), 10)));
        assertEquals("pairs[0]", refusedParam(() -> GeometryChecks.pairs(Arrays.asList((List<String>) null), 10)));
        assertEquals("pairs", refusedParam(() -> GeometryChecks.pairs(List.of(List.of("a", "b"), List.of("c", "d")), 3)));
    }

    @Test
    void topKMustBePositive() {
        assertEquals(GeometryChecks.DEFAULT_TOP_K, GeometryChecks.topK(null));
        assertEquals(3, GeometryChecks.topK(3));
        assertEquals("top_k", refusedParam(() -> GeometryChecks.topK(0)));
    }
}
