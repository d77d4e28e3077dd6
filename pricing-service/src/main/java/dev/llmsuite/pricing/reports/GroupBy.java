package dev.llmsuite.pricing.reports;

import dev.llmsuite.openai.OpenAiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a usage report's rows are: one per model, service, UTC day, or (admin) tenant. */
public enum GroupBy {
    MODEL("model"),
    SERVICE("service"),
    DAY("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
    TENANT("tenant");

    /** A SQL expression chosen from this fixed list, never from request text. */
    final String column;

    GroupBy(String column) {
        this.column = column;
    }

    public static GroupBy parse(String value) {
        if (value == null || value.isBlank()) {
            return MODEL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenAiException.badRequest("'group_by' must be one of "
                    + Arrays.stream(values()).map(g -> g.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + ".", "group_by");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
