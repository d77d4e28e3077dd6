package dev.llmsuite.gateway.openapi;

import dev.llmsuite.gateway.routing.RouteTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OpenAPI document from the services' documents, showing what a client of the gateway can call:
 * each service contributes the paths the route table gives it, and the model paths (which the gateway
 * answers from every service with models) come from the first service that documents them. Components
 * are merged by name; when two services define one name differently, the later one is renamed
 * {@code <service>_<name>} and its references follow.
 */
public final class OpenApiMerge {

    /** A service's own document. */
    public record Source(String service, JsonObject document) {
    }

    private OpenApiMerge() {
    }

    /**
     * @param modelPaths path templates the gateway answers itself from the services' models
     *                   ({@code /v1/models}, {@code /v1/models/{id}}), compared without parameter names
     */
    public static JsonObject merge(List<Source> sources, RouteTable routes, Set<String> modelPaths, JsonObject info) {
        JsonObject paths = new JsonObject();
        JsonObject components = new JsonObject();
        Set<String> tagNames = new HashSet<>();
        JsonArray tags = new JsonArray();
        Set<String> seenTemplates = new HashSet<>();
        Set<String> modelTemplates = new HashSet<>();
        modelPaths.forEach(path -> modelTemplates.add(template(path)));
        String version = sources.isEmpty() ? "3.0.3" : sources.getFirst().document().getString("openapi", "3.0.3");
        for (Source source : sources) {
            JsonObject document = source.document();
            Map<String, String> renames = renamesFor(source.service(), document.getJsonObject("components", new JsonObject()), components);
            JsonObject rewritten = (JsonObject) rewriteRefs(document.copy(), renames);
            rewritten.getJsonObject("components", new JsonObject()).forEach(section -> {
                JsonObject target = components.getJsonObject(section.getKey());
                if (target == null) {
                    target = new JsonObject();
                    components.put(section.getKey(), target);
                }
                for (Map.Entry<String, Object> entry : (JsonObject) section.getValue()) {
                    String name = renames.getOrDefault(refOf(section.getKey(), entry.getKey()), refOf(section.getKey(), entry.getKey()));
                    target.put(name.substring(name.lastIndexOf('/') + 1), entry.getValue());
                }
            });
            rewritten.getJsonObject("paths", new JsonObject()).forEach(path -> {
                String template = template(path.getKey());
                boolean owned = routes.ownerOf(path.getKey()).filter(source.service()::equals).isPresent();
                boolean models = modelTemplates.contains(template);
                if ((owned || models) && seenTemplates.add(template)) {
                    paths.put(path.getKey(), path.getValue());
                }
            });
            for (Object tag : document.getJsonArray("tags", new JsonArray())) {
                if (tag instanceof JsonObject object && tagNames.add(object.getString("name"))) {
                    tags.add(object);
                }
            }
        }
        JsonObject merged = new JsonObject().put("openapi", version).put("info", info).put("paths", sorted(paths));
        if (!tags.isEmpty()) {
            merged.put("tags", tags);
        }
        if (!components.isEmpty()) {
            merged.put("components", components);
        }
        return merged;
    }

    private static Map<String, String> renamesFor(String service, JsonObject incoming, JsonObject merged) {
        Map<String, String> renames = new HashMap<>();
        incoming.forEach(section -> {
            JsonObject existing = merged.getJsonObject(section.getKey(), new JsonObject());
            if (!(section.getValue() instanceof JsonObject entries)) {
                return;
            }
            for (String name : entries.fieldNames()) {
                if (existing.containsKey(name) && !existing.getValue(name).equals(entries.getValue(name))) {
                    renames.put(refOf(section.getKey(), name), refOf(section.getKey(), service + "_" + name));
                }
            }
        });
        return renames;
    }

    private static String refOf(String section, String name) {
        return "#/components/" + section + "/" + name;
    }

    private static Object rewriteRefs(Object value, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return value;
        }
        if (value instanceof JsonObject object) {
            for (String field : Set.copyOf(object.fieldNames())) {
                Object child = object.getValue(field);
                if (field.equals("$ref") && child instanceof String ref && renames.containsKey(ref)) {
                    object.put(field, renames.get(ref));
                } else {
                    object.put(field, rewriteRefs(child, renames));
                }
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rewriteRefs(array.getValue(i), renames));
            }
        }
        return value;
    }

    /** A path template with its parameter names left out: {@code /v1/models/{id}} and {@code /v1/models/{model}} are one path. */
    static String template(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    private static JsonObject sorted(JsonObject paths) {
        JsonObject sorted = new JsonObject();
        paths.fieldNames().stream().sorted().forEach(name -> sorted.put(name, paths.getValue(name)));
        return sorted;
    }
}
