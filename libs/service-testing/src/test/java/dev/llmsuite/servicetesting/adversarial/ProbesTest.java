package dev.llmsuite.servicetesting.adversarial;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static dev.llmsuite.servicetesting.adversarial.Field.integer;
import static dev.llmsuite.servicetesting.adversarial.Field.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adversary's own tools: body edits, duplicate keys, raw bytes, and repeatable generation. */
class ProbesTest {

    private static final Endpoint ENDPOINT = Endpoint.post("/v1/x", "k",
            "{\"model\":\"m\",\"options\":{\"flag\":true},\"items\":[{\"text\":\"a\"},{\"text\":\"b\"}],\"n\":1}", 1000,
            string("model").required(), integer("n"), string("items[1].text").required());

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void editsReachNestedFieldsAndArrayElements() {
        assertEquals("{\"model\":\"m\",\"options\":{\"flag\":true},\"items\":[{\"text\":\"a\"},{\"text\":7}],\"n\":1}",
                text(JsonBodies.bytes(JsonBodies.with(ENDPOINT.validBody(), "items[1].text", IntNode.valueOf(7)))));
        assertEquals("{\"model\":\"m\",\"options\":{},\"items\":[{\"text\":\"a\"},{\"text\":\"b\"}],\"n\":1}",
                text(JsonBodies.bytes(JsonBodies.without(ENDPOINT.validBody(), "options.flag"))));
        assertTrue(JsonBodies.has(ENDPOINT.validBody(), "items[1].text"));
        assertTrue(!JsonBodies.has(ENDPOINT.validBody(), "items[2].text"));
    }

    @Test
    void aDuplicateKeyIsWrittenWhereTheFieldIs() {
        assertEquals("{\"model\":\"m\",\"options\":{\"flag\":true,\"flag\":\"x\"},\"items\":[{\"text\":\"a\"},{\"text\":\"b\"}],\"n\":1}",
                text(JsonBodies.withDuplicateKey(ENDPOINT.validBody(), "options.flag", TextNode.valueOf("x"))));
        assertEquals("{\"model\":\"m\",\"options\":{\"flag\":true},\"items\":[{\"text\":\"a\"},{\"text\":\"b\",\"text\":\"c\"}],\"n\":1}",
                text(JsonBodies.withDuplicateKey(ENDPOINT.validBody(), "items[1].text", TextNode.valueOf("c"))));
    }

    @Test
    void rawBytesReplaceAMarker() {
        byte[] body = "{\"t\":\"a@@b\"}".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(HexFormat.of().parseHex("7b2274223a2261c0af62227d"), JsonBodies.replace(body, "@@", HexFormat.of().parseHex("c0af")));
    }

    @Test
    void theSameSeedGeneratesTheSameRequests() {
        List<Probe> first = Probes.generate(ENDPOINT, 50, 7);
        List<Probe> again = Probes.generate(ENDPOINT, 50, 7);
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).description(), again.get(i).description());
            assertArrayEquals(first.get(i).body(), again.get(i).body());
        }
    }

    @Test
    void aWrongTypeNamesItsFieldAndAMandatoryFieldLeftOutIsRefused() {
        List<Probe> probes = Probes.generate(ENDPOINT, 300, 11);
        assertTrue(probes.stream().anyMatch(p -> p.description().startsWith("'n' as ")
                && p.expectation().equals(new Expectation.RefusedNaming("n", false))));
        assertTrue(probes.stream().anyMatch(p -> p.description().equals("'model' left out")
                && p.expectation().equals(new Expectation.RefusedNaming("model", false))));
        assertTrue(probes.stream().anyMatch(p -> p.description().equals("'items[1].text' left out")
                && p.expectation().equals(new Expectation.RefusedNaming("items[1].text", false))));
    }
}
