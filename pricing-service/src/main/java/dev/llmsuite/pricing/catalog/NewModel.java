package dev.llmsuite.pricing.catalog;

import dev.llmsuite.openai.OpenAiException;
import java.math.BigDecimal;

/**
 * A model an admin adds to the catalog, checked field by field: every refusal is a 400 naming the field.
 * Text fields are bounded because they are stored and indexed as given.
 */
final class NewModel {

    static final BigDecimal MAX_COUNT_FACTOR = BigDecimal.valueOf(1000);
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_TEXT_LENGTH = 256;

    private NewModel() {
    }

    static Model from(ModelRequest r) {
        if (r == null || r.id() == null || r.id().isBlank()) {
            throw OpenAiException.badRequest("'id' is required: the model name usage events carry.", "id");
        }
        bounded(r.id(), "id", MAX_ID_LENGTH);
        if (r.contextWindow() == null || r.contextWindow() <= 0) {
            throw OpenAiException.badRequest("'context_window' must be a positive number of tokens.", "context_window");
        }
        if (r.encoding() == null || r.encoding().isBlank()) {
            throw OpenAiException.badRequest("'encoding' is required: the tokenizer-service encoding that counts this model's tokens.", "encoding");
        }
        bounded(r.encoding(), "encoding", MAX_ID_LENGTH);
        bounded(r.provider(), "provider", MAX_TEXT_LENGTH);
        bounded(r.displayName(), "display_name", MAX_TEXT_LENGTH);
        bounded(r.countMethod(), "count_method", MAX_TEXT_LENGTH);
        BigDecimal factor = r.countFactor() == null ? BigDecimal.ONE : r.countFactor();
        if (factor.signum() <= 0 || factor.compareTo(MAX_COUNT_FACTOR) > 0 || factor.stripTrailingZeros().scale() > 6) {
            throw OpenAiException.badRequest("'count_factor' must be positive, at most " + MAX_COUNT_FACTOR
                    + ", with at most 6 decimals.", "count_factor");
        }
        String method = r.countMethod() == null || r.countMethod().isBlank() ? Model.EXACT : r.countMethod();
        String provider = r.provider() == null ? "unknown" : r.provider();
        return new Model(PriceBook.modelKey(r.id()), provider, r.displayName() == null ? r.id() : r.displayName(),
                r.contextWindow(), r.encoding(), factor, method, Boolean.TRUE.equals(r.selfHosted()));
    }

    private static void bounded(String value, String param, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw OpenAiException.badRequest("'" + param + "' is " + value.length() + " characters long; at most " + maxLength
                    + " are allowed.", param);
        }
    }
}
