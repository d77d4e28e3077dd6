package dev.llmsuite.pricing.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/** A catalog entry as the API shows it: the model, its price now, and every version it ever had. */
public record ModelView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("provider") String provider,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("context_window") int contextWindow,
        @JsonProperty("encoding") String encoding,
        @JsonProperty("count_method") String countMethod,
        @JsonProperty("count_factor") BigDecimal countFactor,
        @JsonProperty("self_hosted") boolean selfHosted,
        @JsonProperty("current_price") PriceView currentPrice,
        @JsonProperty("price_history") List<PriceView> priceHistory) {

    static ModelView of(Model m, PriceBook book) {
        return new ModelView(m.id(), "pricing.model", m.provider(), m.displayName(), m.contextWindow(), m.encoding(),
                m.countMethod(), m.countFactor(), m.selfHosted(), book.current(m.id()).map(PriceView::of).orElse(null),
                book.history(m.id()).stream().map(PriceView::of).toList());
    }
}
