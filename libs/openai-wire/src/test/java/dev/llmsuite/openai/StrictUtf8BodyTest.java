package dev.llmsuite.openai;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrictUtf8BodyTest {

    /** Hex of the bytes between {"text":"a and b"}. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "c0af",        // overlong "/"
        "e080af",      // overlong "/" in three bytes
        "f08080af",    // overlong "/" in four bytes
        "eda080",      // UTF-8-encoded high surrogate
        "edbfbf",      // UTF-8-encoded low surrogate
        "f4908080",    // past U+10FFFF
        "80",          // stray continuation byte
        "e282",        // truncated three-byte sequence
        "f09f98",      // truncated four-byte sequence
        "ff",          // never valid
        "00",          // NUL
    })
    void refusesBytesThatAreNotAUtf8Character(String hex) {
        OpenAiException e = assertThrows(OpenAiException.class, () -> StrictUtf8Body.check(body(hex)));
        assertEquals(400, e.status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "2f", "c3a9", "e282ac", "f09f9880", "ed9fbf", "ee8080", "f48fbfbf", "efbbbf"})
    void acceptsEveryWellFormedCharacter(String hex) {
        assertDoesNotThrow(() -> StrictUtf8Body.check(body(hex)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"e2", "f09f"})
    void refusesABodyThatEndsInsideACharacter(String hex) {
        byte[] start = "{\"text\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] tail = HexFormat.of().parseHex(hex);
        byte[] body = new byte[start.length + tail.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(tail, 0, body, start.length, tail.length);
        assertThrows(OpenAiException.class, () -> StrictUtf8Body.check(body));
    }

    private static byte[] body(String hex) {
        byte[] start = "{\"text\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] middle = HexFormat.of().parseHex(hex);
        byte[] end = "b\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(middle, 0, body, start.length, middle.length);
        System.arraycopy(end, 0, body, start.length + middle.length, end.length);
        return body;
    }
}
