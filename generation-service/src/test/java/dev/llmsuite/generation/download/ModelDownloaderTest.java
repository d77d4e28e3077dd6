package dev.llmsuite.generation.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmsuite.reference.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real HTTP server laid out like the Hub: {@code /<repo>/resolve/<rev>/<file>} answers with the
 * LFS headers and a redirect to the storage URL, which serves the real stories260K.gguf with
 * Range support.
 */
class ModelDownloaderTest {

    private static final String REPO = "ggml-org/models";
    private static final String FILE = "tinyllamas/stories260K.gguf";

    @TempDir
    Path modelDir;

    private HttpServer server;
    private byte[] content;
    private String advertisedSha256;
    private final List<String> rangesSeen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        content = Files.readAllBytes(SharedData.model("stories260K.gguf"));
        advertisedSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/" + REPO + "/resolve/main/", this::resolve);
        server.createContext("/storage/", this::storage);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void resolve(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().endsWith(FILE)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + advertisedSha256 + "\"");
        exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
        exchange.getResponseHeaders().add("Location", "/storage/blob");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void storage(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        int from = 0;
        int status = 200;
        if (range != null) {
            rangesSeen.add(range);
            from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            status = 206;
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(status, content.length - from);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content, from, content.length - from);
        }
    }

    private ModelDownloader downloader() {
        return new ModelDownloader(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), modelDir, null);
    }

    @Test
    void downloadsVerifiesAndPlacesTheFile() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path path = downloader().pull(HubFile.parse(REPO + "/" + FILE), new ProgressBar(new PrintStream(console), "stories260K.gguf"));
        assertEquals(modelDir.resolve(REPO).resolve(FILE), path);
        assertEquals(-1, Files.mismatch(path, SharedData.model("stories260K.gguf")));
        assertTrue(console.toString().contains("100%"), console.toString());
        assertTrue(rangesSeen.isEmpty());
    }

    @Test
    void anInterruptedDownloadResumesWhereItStopped() throws Exception {
        Path part = modelDir.resolve(REPO).resolve(FILE + ".part");
        Files.createDirectories(part.getParent());
        int have = content.length / 3;
        Files.write(part, java.util.Arrays.copyOf(content, have));

        Path path = downloader().pull(HubFile.parse(REPO + "/" + FILE), DownloadProgress.SILENT);
        assertEquals(List.of("bytes=" + have + "-"), rangesSeen);
        assertEquals(-1, Files.mismatch(path, SharedData.model("stories260K.gguf")));
        assertFalse(Files.exists(part));
    }

    @Test
    void aChecksumMismatchKeepsNothing() {
        advertisedSha256 = "0".repeat(64);
        IOException failure = assertThrows(IOException.class,
                () -> downloader().pull(HubFile.parse(REPO + "/" + FILE), DownloadProgress.SILENT));
        assertTrue(failure.getMessage().contains("Checksum mismatch"), failure.getMessage());
        assertFalse(Files.exists(modelDir.resolve(REPO).resolve(FILE)));
        assertFalse(Files.exists(modelDir.resolve(REPO).resolve(FILE + ".part")));
    }

    @Test
    void aPinnedChecksumRejectsWhatTheHubVouchesFor() throws Exception {
        String pinned = "f".repeat(64);
        IOException failure = assertThrows(IOException.class,
                () -> downloader().pull(HubFile.parse(REPO + "/" + FILE), Optional.of(pinned), DownloadProgress.SILENT));
        assertTrue(failure.getMessage().contains("expected sha256 " + pinned + " (pinned)"), failure.getMessage());
        assertFalse(Files.exists(modelDir.resolve(REPO).resolve(FILE)));
    }

    @Test
    void aPinnedChecksumKeepsAMatchingFileAndReplacesADifferentOne() throws Exception {
        Path path = downloader().pull(HubFile.parse(REPO + "/" + FILE), Optional.of(advertisedSha256), DownloadProgress.SILENT);
        server.stop(0);
        assertEquals(path, downloader().pull(HubFile.parse(REPO + "/" + FILE), Optional.of(advertisedSha256), DownloadProgress.SILENT),
                "a file with the pinned checksum is used without asking the Hub");

        Files.write(path, new byte[] {1, 2, 3});
        serve();
        downloader().pull(HubFile.parse(REPO + "/" + FILE), Optional.of(advertisedSha256), DownloadProgress.SILENT);
        assertEquals(-1, Files.mismatch(path, SharedData.model("stories260K.gguf")), "a corrupted file is downloaded again");
    }

    @Test
    void aMissingFileIsExplained() {
        IOException failure = assertThrows(IOException.class,
                () -> downloader().pull(HubFile.parse(REPO + "/nope.gguf"), DownloadProgress.SILENT));
        assertTrue(failure.getMessage().startsWith("Not found on the Hub"), failure.getMessage());
    }

    @Test
    void specsAreParsed() {
        HubFile file = HubFile.parse("TheBloke/TinyLlama-GGUF/tinyllama.Q8_0.gguf@v1");
        assertEquals("TheBloke/TinyLlama-GGUF", file.repository());
        assertEquals("tinyllama.Q8_0.gguf", file.path());
        assertEquals("v1", file.revision());
        assertThrows(IllegalArgumentException.class, () -> HubFile.parse("just-a-file.gguf"));
    }
}
