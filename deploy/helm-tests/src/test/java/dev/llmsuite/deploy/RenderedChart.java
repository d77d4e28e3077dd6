package dev.llmsuite.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * The chart rendered by Helm itself (helm-java bundles Helm's library) for one values file, parsed into
 * fabric8's typed Kubernetes and Gateway API models. Parsing is strict about types: a string where the API
 * wants a number fails instead of being coerced.
 */
final class RenderedChart {

    static final Path CHART = Path.of("../helm/llm-suite");
    static final String RELEASE = "llm";
    static final String NAMESPACE = "inference";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final List<HasMetadata> objects;

    private RenderedChart(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** Renders with a values file from src/test/resources/values, then any {@code key=value} overrides. */
    static RenderedChart render(String valuesFile, Map<String, Object> overrides) {
        TemplateCommand template = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion("1.31.0")
                .withValuesFile(Path.of("src/test/resources/values", valuesFile));
        overrides.forEach(template::set);
        return new RenderedChart(parse(template.call()));
    }

    static RenderedChart render(String valuesFile) {
        return render(valuesFile, Map.of());
    }

    static ObjectMapper strictYaml() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    static List<HasMetadata> parse(String manifest) {
        ObjectMapper mapper = strictYaml();
        List<HasMetadata> parsed = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            try {
                KubernetesResource resource = mapper.readValue(document, KubernetesResource.class);
                if (!(resource instanceof HasMetadata object)) {
                    throw new AssertionError("Not a Kubernetes object:\n" + document);
                }
                parsed.add(object);
            } catch (IOException e) {
                throw new UncheckedIOException("Does not match the Kubernetes schema: " + e.getMessage() + "\n" + document, e);
            }
        }
        return parsed;
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No " + type.getSimpleName() + " " + name + " in " + names()));
    }

    boolean has(Class<? extends HasMetadata> type, String name) {
        return all(type).stream().anyMatch(o -> o.getMetadata().getName().equals(name));
    }

    /** The pod specs of every workload, by "Kind/name". */
    Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> specs.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        all(StatefulSet.class).forEach(s -> specs.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        all(Pod.class).forEach(p -> specs.put("Pod/" + p.getMetadata().getName(), p.getSpec()));
        return specs;
    }

    Deployment deployment(String component) {
        return named(Deployment.class, RELEASE + "-llm-suite-" + component);
    }

    Map<String, String> settings() {
        return named(ConfigMap.class, RELEASE + "-llm-suite").getData();
    }

    private List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
