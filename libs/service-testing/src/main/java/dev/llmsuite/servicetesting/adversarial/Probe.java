package dev.llmsuite.servicetesting.adversarial;

/** One generated request: what was done to the valid body, the bytes sent, and the answer expected. */
public record Probe(String description, byte[] body, Expectation expectation) {

    @Override
    public String toString() {
        return description + " (" + body.length + " bytes)";
    }
}
