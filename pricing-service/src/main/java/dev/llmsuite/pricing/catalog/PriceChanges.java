package dev.llmsuite.pricing.catalog;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.money.PricePerMillion;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The rules for adding a price version without rewriting history.
 *
 * <p>A model's first price may start at any time and defaults to the epoch, so usage that arrived before the
 * model was in the catalog gets priced by it. Every later version must start now or in the future (default:
 * now) and after the latest existing one: a price already used to bill an event is never replaced.
 */
public final class PriceChanges {

    private PriceChanges() {
    }

    /** A price version given as a request body of its own. */
    public static PriceVersion validate(String modelId, PriceVersionRequest request, List<PriceVersion> history, Instant now) {
        return validate(modelId, request, history, now, "");
    }

    /**
     * @param at where the price sits in the request, prefixed to every {@code param}: {@code "price."} when it
     *           is a new model's first price
     */
    public static PriceVersion validate(String modelId, PriceVersionRequest request, List<PriceVersion> history, Instant now,
                                        String at) {
        if (request == null) {
            throw OpenAiException.badRequest("A price is required: input_per_million_usd and output_per_million_usd.",
                    at.isEmpty() ? null : at.substring(0, at.length() - 1));
        }
        PricePerMillion input = price(request.inputPerMillionUsd(), at + "input_per_million_usd", true);
        PricePerMillion output = price(request.outputPerMillionUsd(), at + "output_per_million_usd", true);
        PricePerMillion cached = price(request.cachedInputPerMillionUsd(), at + "cached_input_per_million_usd", false);
        Instant from = effectiveFrom(request.effectiveFrom(), at + "effective_from");
        if (history.isEmpty()) {
            return new PriceVersion(0, modelId, from == null ? Instant.EPOCH : from, input, output, cached);
        }
        // The ledger keeps microseconds: "now" is the current microsecond, so a default of now is never in the past.
        Instant present = now.truncatedTo(ChronoUnit.MICROS);
        if (from == null) {
            from = present;
        }
        Instant latest = history.getLast().effectiveFrom();
        if (from.isBefore(present) || !from.isAfter(latest)) {
            throw OpenAiException.badRequest("'" + at + "effective_from' must not be in the past and must be after the latest version ("
                    + latest + "): past prices are never rewritten.", at + "effective_from");
        }
        return new PriceVersion(0, modelId, from, input, output, cached);
    }

    private static Instant effectiveFrom(String value, String param) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw OpenAiException.badRequest("'" + param + "' must be an instant such as 2027-01-01T00:00:00Z.", param);
        }
    }

    private static PricePerMillion price(BigDecimal usd, String param, boolean required) {
        if (usd == null) {
            if (required) {
                throw OpenAiException.badRequest("'" + param + "' is required (USD per 1M tokens).", param);
            }
            return null;
        }
        try {
            return new PricePerMillion(usd);
        } catch (IllegalArgumentException e) {
            throw OpenAiException.badRequest("'" + param + "': " + e.getMessage() + ".", param);
        }
    }
}
