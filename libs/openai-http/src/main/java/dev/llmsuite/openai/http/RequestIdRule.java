package dev.llmsuite.openai.http;

import java.util.UUID;

/**
 * Which {@code x-request-id} a request is served under: the client's own, when it is a sane token
 * (1 to {@value #MAX_LENGTH} characters of letters, digits and {@code - _ . : / + = @}), so that a
 * client can find its request in our logs by the id it chose; otherwise a fresh {@code req_...} id.
 * A client cannot inject log lines, markup or huge headers through it.
 */
public final class RequestIdRule {

    public static final int MAX_LENGTH = 128;

    private RequestIdRule() {
    }

    public static String acceptOrGenerate(String offered) {
        return isSane(offered) ? offered : generate();
    }

    public static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.:/+=@".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }
}
