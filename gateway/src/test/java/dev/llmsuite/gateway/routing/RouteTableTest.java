package dev.llmsuite.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteTableTest {

    private static RouteTable table() {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        paths.put("generation", List.of("/v1/completions", "/v1/chat", "/v1/explain"));
        paths.put("pricing", List.of("/v1/budget", "/v1/budgets/", "/v1/pricing"));
        paths.put("special", List.of("/v1/pricing/special"));
        return RouteTable.of(paths);
    }

    @Test
    void aPrefixOwnsItselfAndWhatLiesBelowItOnly() {
        RouteTable table = table();
        assertEquals(Optional.of("generation"), table.ownerOf("/v1/chat/completions"));
        assertEquals(Optional.of("generation"), table.ownerOf("/v1/chat"));
        assertEquals(Optional.of("generation"), table.ownerOf("/v1/explain/attention"));
        assertEquals(Optional.empty(), table.ownerOf("/v1/chatter"));
        assertEquals(Optional.of("pricing"), table.ownerOf("/v1/budget"));
        assertEquals(Optional.of("pricing"), table.ownerOf("/v1/budgets/acme"));
        assertEquals(Optional.empty(), table.ownerOf("/v1/budgetsx"));
        assertEquals(Optional.empty(), table.ownerOf("/v1"));
    }

    @Test
    void theLongestMatchingPrefixWins() {
        assertEquals(Optional.of("special"), table().ownerOf("/v1/pricing/special/x"));
        assertEquals(Optional.of("pricing"), table().ownerOf("/v1/pricing/models"));
    }

    @Test
    void aPrefixGivenToTwoServicesOrWithoutSlashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RouteTable.of(Map.of("a", List.of("/v1/x"), "b", List.of("/v1/x/"))));
        assertThrows(IllegalArgumentException.class, () -> RouteTable.of(Map.of("a", List.of("v1/x"))));
    }
}
