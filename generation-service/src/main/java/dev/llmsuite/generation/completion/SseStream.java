package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's server-sent events: each chunk is one {@code data: <json>} event, flushed at once so
 * the client sees tokens as they are made, and {@code data: [DONE]} ends the stream. A failed
 * write means the client has gone: the stream then reports itself closed, which cancels the
 * generation, and writes nothing more.
 */
final class SseStream {

    private final OutputStream out;
    private final ObjectMapper json;
    private volatile boolean broken;

    SseStream(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    void send(Object chunk) {
        try {
            write(json.writeValueAsString(chunk));
        } catch (IOException e) {
            broken = true;
        }
    }

    void done() {
        write("[DONE]");
    }

    /** True once a write failed because the client went away. */
    boolean closed() {
        return broken;
    }

    private void write(String data) {
        if (broken) {
            return;
        }
        try {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }
}
