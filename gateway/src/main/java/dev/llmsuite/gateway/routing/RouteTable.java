package dev.llmsuite.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which service owns a request path: the one whose prefix matches the most leading path segments
 * ({@code /v1/chat} owns {@code /v1/chat/completions}, never {@code /v1/chatter}). The one table every
 * request goes through, and the filter for the paths the merged OpenAPI document shows.
 */
public final class RouteTable {

    private record Prefix(String path, String service) {
    }

    private final List<Prefix> prefixes;

    private RouteTable(List<Prefix> prefixes) {
        this.prefixes = prefixes;
    }

    /** @param pathsByService each service's path prefixes, e.g. {@code generation -> [/v1/completions, /v1/chat]} */
    public static RouteTable of(Map<String, List<String>> pathsByService) {
        List<Prefix> prefixes = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        pathsByService.forEach((service, paths) -> {
            for (String raw : paths) {
                String path = normalized(raw);
                String earlier = seen.putIfAbsent(path, service);
                if (earlier != null && !earlier.equals(service)) {
                    throw new IllegalArgumentException("Path prefix " + path + " is given to both " + earlier + " and " + service);
                }
                prefixes.add(new Prefix(path, service));
            }
        });
        prefixes.sort(Comparator.comparingInt((Prefix p) -> p.path().length()).reversed());
        return new RouteTable(List.copyOf(prefixes));
    }

    private static String normalized(String prefix) {
        String path = prefix.strip();
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("A routed path prefix must start with / and name a path, got '" + prefix + "'");
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The service that owns this path (no query string), if any. */
    public Optional<String> ownerOf(String path) {
        for (Prefix prefix : prefixes) {
            if (path.startsWith(prefix.path())
                    && (path.length() == prefix.path().length() || path.charAt(prefix.path().length()) == '/')) {
                return Optional.of(prefix.service());
            }
        }
        return Optional.empty();
    }

    /** Every routed prefix, for error messages. */
    public List<String> prefixes() {
        return prefixes.stream().map(Prefix::path).sorted().toList();
    }
}
