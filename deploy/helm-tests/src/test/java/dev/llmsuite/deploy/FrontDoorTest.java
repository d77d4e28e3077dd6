package dev.llmsuite.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One front door: the cluster's Gateway reaches only the gateway Service, and the gateway reaches every other
 * service through a headless Service that resolves to its pods.
 */
class FrontDoorTest {

    private static final String PREFIX = RenderedChart.RELEASE + "-llm-suite-";

    @Test
    void theOnlyRouteSendsEveryPathToTheGatewayService() {
        RenderedChart chart = RenderedChart.render("defaults.yaml");
        List<HTTPRoute> routes = chart.all(HTTPRoute.class);
        assertEquals(1, routes.size());
        List<HTTPRouteRule> rules = routes.getFirst().getSpec().getRules();
        Set<String> backends = rules.stream().flatMap(rule -> rule.getBackendRefs().stream())
                .map(HTTPBackendRef::getName).collect(Collectors.toSet());
        assertEquals(Set.of(PREFIX + "gateway"), backends);
        HTTPRouteRule rule = rules.getFirst();
        assertEquals("PathPrefix", rule.getMatches().getFirst().getPath().getType());
        assertEquals("/", rule.getMatches().getFirst().getPath().getValue(), "every path, so the gateway's route table is the only one");
        assertEquals(8080, rule.getBackendRefs().getFirst().getPort());
        assertEquals("600s", rule.getTimeouts().getRequest(), "streams outlast the usual 15 s default");
        assertTrue(chart.has(Service.class, PREFIX + "gateway"));
    }

    @Test
    void theRouteAttachesToTheNamedHttpsListenerAndHostnames() {
        HTTPRoute route = RenderedChart.render("hpa-on.yaml").all(HTTPRoute.class).getFirst();
        ParentReference parent = route.getSpec().getParentRefs().getFirst();
        assertEquals("shared-gateway", parent.getName());
        assertEquals("gateway-system", parent.getNamespace());
        assertEquals("https-llm", parent.getSectionName());
        assertEquals(List.of("llm.example.com"), route.getSpec().getHostnames());
    }

    @Test
    void theGatewayReachesEachServiceThroughItsHeadlessService() {
        RenderedChart chart = RenderedChart.render("defaults.yaml");
        Map<String, String> settings = chart.settings();
        for (String service : List.of("tokenizer", "embedding", "generation", "pricing")) {
            URI url = URI.create(settings.get("LLMSUITE_" + service.toUpperCase() + "_URL"));
            String serviceName = url.getHost().substring(0, url.getHost().indexOf('.'));
            assertEquals(PREFIX + service + "-headless", serviceName);
            assertEquals(RenderedChart.NAMESPACE, url.getHost().split("\\.")[1]);
            Service headless = chart.named(Service.class, serviceName);
            assertEquals("None", headless.getSpec().getClusterIP(), "headless: DNS lists every ready pod");
            assertEquals(url.getPort(), headless.getSpec().getPorts().getFirst().getPort());
            assertEquals(service, headless.getSpec().getSelector().get("app.kubernetes.io/component"));
        }
    }

    @Test
    void onlyTheGatewayHasAServiceWithAClusterAddress() {
        Set<String> clusterIpServices = RenderedChart.render("defaults.yaml").all(Service.class).stream()
                .filter(s -> !"None".equals(s.getSpec().getClusterIP()))
                .map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        assertEquals(Set.of(PREFIX + "gateway", PREFIX + "kafka", PREFIX + "postgresql"), clusterIpServices);
    }
}
