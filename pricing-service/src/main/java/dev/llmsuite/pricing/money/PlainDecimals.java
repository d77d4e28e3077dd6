package dev.llmsuite.pricing.money;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Amounts of money are written as plain decimals ({@code 0.000000238908}), never in exponent form
 * ({@code 2.38908E-7}, what {@code BigDecimal.toString} gives for a small exact cost). JSON allows
 * both and both are exact, but people, spreadsheets and invoices read the first.
 */
@Singleton
public class PlainDecimals implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
