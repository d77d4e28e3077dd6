package dev.llmsuite.gateway.models;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {

    private static ServiceReply list(String service, String... ids) {
        StringBuilder data = new StringBuilder();
        for (String id : ids) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
        }
        return ServiceReply.answered(service, 200, Buffer.buffer("{\"object\":\"list\",\"data\":[" + data + "]}"));
    }

    private static ServiceReply down(String service) {
        return ServiceReply.failed(service, "connection refused", false);
    }

    @Test
    void theListsOfAllServicesAreOneList() {
        ModelCatalog.Answer answer = ModelCatalog.list(List.of(list("generation", "gpt2", "llama"), list("embedding", "minilm", "gpt2")));
        assertEquals(200, answer.status());
        assertEquals(List.of("gpt2", "llama", "minilm"), new JsonObject(answer.body()).getJsonArray("data").stream()
                .map(model -> ((JsonObject) model).getString("id")).toList());
        assertTrue(answer.missing().isEmpty());
    }

    @Test
    void aPartialListNamesTheServicesMissingFromIt() {
        ModelCatalog.Answer answer = ModelCatalog.list(List.of(list("generation", "gpt2"), down("embedding")));
        assertEquals(200, answer.status());
        assertEquals(List.of("embedding"), answer.missing());
    }

    @Test
    void noServiceAnsweringIsAnErrorNeverAnEmptyList() {
        ModelCatalog.Answer answer = ModelCatalog.list(List.of(down("generation"),
                ServiceReply.answered("embedding", 503, Buffer.buffer("{}"))));
        assertEquals(502, answer.status());
        JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
        assertEquals("upstream_unavailable", error.getString("code"));
        assertTrue(error.getString("message").contains("generation (connection refused)"), error.getString("message"));
        assertTrue(error.getString("message").contains("embedding (HTTP 503)"), error.getString("message"));
        ModelCatalog.Answer timedOut = ModelCatalog.list(List.of(ServiceReply.failed("generation", "silent", true)));
        assertEquals(504, timedOut.status());
    }

    @Test
    void aRefusedKeyIsRefusedHereToo() {
        ServiceReply refused = ServiceReply.answered("generation", 401, Buffer.buffer("{\"error\":{\"code\":\"invalid_api_key\"}}"));
        assertEquals(401, ModelCatalog.list(List.of(refused, list("embedding", "minilm"))).status());
    }

    @Test
    void oneModelComesFromTheFirstServiceThatHasIt() {
        ServiceReply notHere = ServiceReply.answered("generation", 404, Buffer.buffer("{\"error\":{\"code\":\"model_not_found\"}}"));
        ServiceReply here = ServiceReply.answered("embedding", 200, Buffer.buffer("{\"id\":\"minilm\"}"));
        assertEquals(new ModelCatalog.Answer(200, "{\"id\":\"minilm\"}", List.of()), ModelCatalog.one("minilm", List.of(notHere, here)));
        assertEquals(404, ModelCatalog.one("x", List.of(notHere, notHere)).status());
        ModelCatalog.Answer unsure = ModelCatalog.one("x", List.of(notHere, down("embedding")));
        assertEquals(502, unsure.status(), "not found where asked, but one service could not be asked");
    }
}
