package dev.llmsuite.gateway.models;

import dev.llmsuite.openai.http.ErrorJson;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One model list from the lists of several services, and one model from whichever service has it.
 *
 * <p>A list is never an empty 200 because services were down: when no service answered, the answer is
 * 502 (504 when all of them timed out) naming each service and what went wrong; when some answered,
 * their models are listed and {@value #MISSING_HEADER} names the services that did not. A key the
 * services refuse is refused here too (their 401 or 403 is passed on).
 */
public final class ModelCatalog {

    /** Names the services whose models are missing from a partial list, comma-separated. */
    public static final String MISSING_HEADER = "x-llmsuite-missing-services";

    /** The gateway's answer: status, JSON body, and the services left out of a partial list. */
    public record Answer(int status, String body, List<String> missing) {
    }

    private ModelCatalog() {
    }

    public static Answer list(List<ServiceReply> replies) {
        Answer refused = refusal(replies);
        if (refused != null) {
            return refused;
        }
        JsonArray data = new JsonArray();
        Set<String> ids = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        List<ServiceReply> failed = new ArrayList<>();
        for (ServiceReply reply : replies) {
            JsonArray models = reply.answered() && reply.status() == 200 ? modelsIn(reply) : null;
            if (models == null) {
                missing.add(reply.service());
                failed.add(reply);
                continue;
            }
            for (Object model : models) {
                if (model instanceof JsonObject object && ids.add(String.valueOf(object.getValue("id")))) {
                    data.add(object);
                }
            }
        }
        if (failed.size() == replies.size()) {
            return unavailable("No service could list its models", failed);
        }
        return new Answer(200, new JsonObject().put("object", "list").put("data", data).encode(), List.copyOf(missing));
    }

    /** The first service (in configured order) that has the model answers; 404 only when every service said 404. */
    public static Answer one(String id, List<ServiceReply> replies) {
        Answer refused = refusal(replies);
        if (refused != null) {
            return refused;
        }
        for (ServiceReply reply : replies) {
            if (reply.answered() && reply.status() == 200) {
                return new Answer(200, reply.body().toString(), List.of());
            }
        }
        List<ServiceReply> failed = replies.stream().filter(reply -> !reply.answered() || reply.status() != 404).toList();
        if (failed.isEmpty()) {
            return new Answer(404, replies.isEmpty() ? notFound(id) : replies.getFirst().body().toString(), List.of());
        }
        return unavailable("Model '" + id + "' was not found on the services that answered, and not every service could be asked",
                failed);
    }

    private static Answer refusal(List<ServiceReply> replies) {
        for (ServiceReply reply : replies) {
            if (reply.answered() && (reply.status() == 401 || reply.status() == 403)) {
                return new Answer(reply.status(), reply.body().toString(), List.of());
            }
        }
        return null;
    }

    private static JsonArray modelsIn(ServiceReply reply) {
        try {
            Object data = new JsonObject(reply.body()).getValue("data");
            return data instanceof JsonArray array ? array : null;
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private static Answer unavailable(String what, List<ServiceReply> failed) {
        boolean allTimedOut = failed.stream().allMatch(ServiceReply::timedOut);
        List<String> reasons = failed.stream().map(reply -> reply.service() + " (" + reply.problem() + ")").toList();
        int status = allTimedOut ? 504 : 502;
        String message = what + ": " + String.join(", ", reasons) + ". Retry shortly.";
        return new Answer(status, ErrorJson.body(status, message, null, allTimedOut ? "upstream_timeout" : "upstream_unavailable"),
                failed.stream().map(ServiceReply::service).toList());
    }

    private static String notFound(String id) {
        return ErrorJson.body(404, "The model '" + id + "' does not exist.", "model", "model_not_found");
    }
}
