package dev.llmsuite.servicetesting;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 spoken over a plain socket, for requests an HTTP client refuses to send (request lines
 * and headers far past any server's limit); returns the whole answer, status line first.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public static String exchange(String host, int port, String head) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET of {@code target} with {@code extraHeaders} (each ending in CRLF), asking the server to close afterwards. */
    public static String get(String host, int port, String target, String extraHeaders) {
        return exchange(host, port, "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n");
    }
}
