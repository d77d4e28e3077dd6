package dev.llmsuite.pricing.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of every price version, answering "what did this model cost at that instant?". */
public final class PriceBook {

    private final Map<String, List<PriceVersion>> byModel = new HashMap<>();

    public PriceBook(Collection<PriceVersion> versions) {
        for (PriceVersion version : versions) {
            byModel.computeIfAbsent(version.modelId(), id -> new ArrayList<>()).add(version);
        }
        byModel.values().forEach(list -> list.sort(Comparator.comparing(PriceVersion::effectiveFrom)));
    }

    /** Model names in events are matched case-insensitively against catalog ids. */
    public static String modelKey(String model) {
        return model.trim().toLowerCase(Locale.ROOT);
    }

    public boolean knows(String model) {
        return byModel.containsKey(modelKey(model));
    }

    /** The version with the latest effective-from at or before {@code at}; empty if none was in force yet. */
    public Optional<PriceVersion> inForce(String model, Instant at) {
        List<PriceVersion> versions = byModel.get(modelKey(model));
        if (versions == null) {
            return Optional.empty();
        }
        PriceVersion found = null;
        for (PriceVersion version : versions) {
            if (version.effectiveFrom().isAfter(at)) {
                break;
            }
            found = version;
        }
        return Optional.ofNullable(found);
    }

    public Optional<PriceVersion> current(String model) {
        return inForce(model, Instant.now());
    }

    public List<PriceVersion> history(String model) {
        return List.copyOf(byModel.getOrDefault(modelKey(model), List.of()));
    }
}
