package dev.llmsuite.openai;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON is UTF-8 (RFC 8259), so every JSON request body must be well-formed UTF-8 before the parser
 * sees it: overlong forms ({@code C0 AF} for "/"), encoded surrogates ({@code ED A0 80}), code
 * points past U+10FFFF, stray continuation bytes and truncated sequences are refused with a 400 that
 * gives the byte offset, instead of being decoded loosely into other text. A raw NUL byte is refused
 * too: it is never valid in JSON text, and it is how UTF-16 and UTF-32 bodies (which the parser would
 * otherwise detect and accept) begin.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class StrictUtf8Body implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        if (context.getMediaType() == null || !context.getMediaType().getSubtype().toLowerCase().contains("json")) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        check(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Refuses the body unless it is well-formed UTF-8 without NUL bytes. */
    static void check(byte[] body) {
        int nul = indexOfNul(body);
        if (nul >= 0) {
            throw OpenAiException.badRequest("The request body holds a NUL byte at offset " + nul
                    + "; JSON text must be UTF-8 and control characters must be escaped.", null);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw OpenAiException.badRequest("The request body is not valid UTF-8: the bytes at offset " + in.position()
                        + " do not form a character (overlong, surrogate, out-of-range or truncated sequence). Send JSON encoded as UTF-8.",
                        null);
            }
            if (result.isUnderflow()) {
                break;
            }
            out.clear();
        }
        CoderResult flushed = decoder.flush(out);
        if (flushed.isError()) {
            throw OpenAiException.badRequest("The request body is not valid UTF-8: it ends inside a character.", null);
        }
    }

    private static int indexOfNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
