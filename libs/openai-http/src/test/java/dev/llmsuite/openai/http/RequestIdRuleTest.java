package dev.llmsuite.openai.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"req_123", "7f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6", "trace:abc/def+g=h@i.j"})
    void keepsAClientsSaneId(String id) {
        assertEquals(id, RequestIdRule.acceptOrGenerate(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "line\nbreak", "<script>", "quote\"", "ünïcode", "semi;colon"})
    void replacesAnIdThatCouldCorruptLogsOrHeaders(String id) {
        String served = RequestIdRule.acceptOrGenerate(id);
        assertNotEquals(id, served);
        assertTrue(RequestIdRule.isSane(served), served);
    }

    @Test
    void replacesAnOverlongIdAndAbsentOnes() {
        String longest = "a".repeat(RequestIdRule.MAX_LENGTH);
        assertEquals(longest, RequestIdRule.acceptOrGenerate(longest));
        assertNotEquals(longest + "a", RequestIdRule.acceptOrGenerate(longest + "a"));
        assertTrue(RequestIdRule.acceptOrGenerate(null).startsWith("req_"));
        assertNotEquals(RequestIdRule.acceptOrGenerate(null), RequestIdRule.acceptOrGenerate(null));
    }
}
