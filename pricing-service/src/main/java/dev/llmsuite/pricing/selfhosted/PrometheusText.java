package dev.llmsuite.pricing.selfhosted;

import java.math.BigDecimal;
import java.util.Optional;

/** Reads sample values out of Prometheus' text exposition format (what {@code /q/metrics} returns). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every sample of {@code series} across its label sets; empty when it has none. */
    public static Optional<BigDecimal> sum(String exposition, String series) {
        BigDecimal total = null;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(series)) {
                continue;
            }
            String rest = line.substring(series.length());
            if (rest.startsWith("{")) {
                int close = rest.lastIndexOf('}');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1);
            } else if (!rest.startsWith(" ")) {
                continue;
            }
            String[] fields = rest.trim().split("\\s+");
            if (fields.length == 0 || fields[0].isEmpty() || fields[0].contains("NaN") || fields[0].contains("Inf")) {
                continue;
            }
            BigDecimal value = new BigDecimal(fields[0]);
            total = total == null ? value : total.add(value);
        }
        return Optional.ofNullable(total);
    }
}
