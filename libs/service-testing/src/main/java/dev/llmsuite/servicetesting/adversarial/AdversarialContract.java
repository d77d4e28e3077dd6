package dev.llmsuite.servicetesting.adversarial;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adversarial suite a service's test extends (with {@code @QuarkusTest}): for each endpoint it
 * names, it sends the valid body, then {@link #probesPerEndpoint()} generated requests (see
 * {@link Probes}; the seed is fixed, so every run sends the same ones) plus the fixed ones, one at a
 * time, and fails with every answer that broke the contract ({@link ContractCheck}).
 */
public abstract class AdversarialContract {

    static final long SEED = 20261203L;

    /** The endpoints to attack, each with a valid body and its fields. */
    protected abstract List<Endpoint> endpoints();

    /** Generated requests per endpoint, on top of the fixed ones. */
    protected int probesPerEndpoint() {
        return 120;
    }

    @Test
    void everyGeneratedRequestGetsAnAnswerThatKeepsTheContract() {
        ContractCheck check = new ContractCheck(URI.create("http://localhost:" + RestAssured.port + "/"));
        List<String> violations = new ArrayList<>();
        int sent = 0;
        for (Endpoint endpoint : endpoints()) {
            List<Probe> probes = Probes.generate(endpoint, probesPerEndpoint(), SEED);
            ContractCheck.Verdict valid = check.judge(endpoint, probes.getFirst(), -1);
            if (valid.status() < 200 || valid.status() >= 500) {
                violations.add(endpoint + ": the valid body itself got " + valid.status() + " " + valid.violation());
                continue;
            }
            for (Probe probe : probes) {
                ContractCheck.Verdict verdict = check.judge(endpoint, probe, valid.status());
                sent++;
                if (verdict.violation() != null) {
                    violations.add(endpoint + " with " + probe + ": " + verdict.violation());
                }
            }
        }
        System.out.printf("Adversarial suite: %d requests to %d endpoints, %d broke the contract%n", sent, endpoints().size(),
                violations.size());
        assertTrue(violations.isEmpty(), violations.size() + " answers broke the contract:\n"
                + String.join("\n", violations.subList(0, Math.min(40, violations.size()))));
    }
}
