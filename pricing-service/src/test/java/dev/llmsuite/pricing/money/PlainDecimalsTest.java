package dev.llmsuite.pricing.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainDecimalsTest {

    @Test
    void aSmallExactCostIsWrittenWithoutAnExponent() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        new PlainDecimals().customize(mapper);
        // One chat completion of the compose smoke run: 19 + 24 tokens on stories260K's self-hosted price.
        BigDecimal cost = new BigDecimal("2.38908E-7");
        assertEquals("{\"cost_exact_usd\":0.000000238908}", mapper.writeValueAsString(Map.of("cost_exact_usd", cost)));
    }
}
