package dev.llmsuite.generation.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads a model file from the Hugging Face Hub into the local model folder:
 * <ol>
 *   <li>ask the Hub about the file without following its redirect: for files stored in LFS (every
 *       GGUF) it answers with {@code X-Linked-Etag}, the SHA-256 of the content, and {@code X-Linked-Size};</li>
 *   <li>download into {@code <file>.part}; if a part is already there from an interrupted run,
 *       continue with {@code Range: bytes=<have>-} instead of starting over;</li>
 *   <li>hash everything received and compare with the Hub's SHA-256; only a match is renamed to the
 *       final name, so the service never loads a truncated or corrupted model.</li>
 * </ol>
 */
public final class ModelDownloader {

    private static final int BUFFER = 1 << 16;

    private final HttpClient http;
    private final URI endpoint;
    private final Path modelDir;
    private final String token;

    /**
     * @param endpoint the Hub, {@code https://huggingface.co}, or a mirror
     * @param token    a Hub access token for gated repositories, or null
     */
    public ModelDownloader(URI endpoint, Path modelDir, String token) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(20)).build();
        this.endpoint = endpoint;
        this.modelDir = modelDir;
        this.token = token;
    }

    /** The local path of the file, downloaded and verified if it was not there yet. */
    public Path pull(HubFile file, DownloadProgress progress) throws IOException, InterruptedException {
        return pull(file, Optional.empty(), progress);
    }

    /**
     * As {@link #pull(HubFile, DownloadProgress)}, but the file must also have the given SHA-256 (pinned by
     * whoever deploys it, e.g. the Helm chart's init container): a file already there with another content
     * is downloaded again, and a download that does not match is discarded even if the Hub vouches for it.
     */
    public Path pull(HubFile file, Optional<String> pinnedSha256, DownloadProgress progress) throws IOException, InterruptedException {
        Path target = file.localPath(modelDir);
        if (Files.isRegularFile(target)) {
            if (pinnedSha256.isEmpty() || pinnedSha256.get().equals(hashOf(target))) {
                return target;
            }
            Files.delete(target);
        }
        Files.createDirectories(target.getParent());
        Remote remote = describe(file.resolveUri(endpoint));
        Path part = target.resolveSibling(target.getFileName() + ".part");
        String actual = download(remote, part, progress);
        Optional<String> expected = pinnedSha256.or(remote::sha256);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            Files.deleteIfExists(part);
            throw new IOException("Checksum mismatch for " + file.repository() + "/" + file.path() + ": expected sha256 "
                    + expected.get() + (pinnedSha256.isPresent() ? " (pinned)" : " (the Hub's)") + " but the download has "
                    + actual + "; the partial file was deleted, run pull again");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static String hashOf(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        hashExisting(file, sha256);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Where the bytes are, how many, and their SHA-256 when the Hub says it. */
    private record Remote(URI location, long size, Optional<String> sha256) {
    }

    private Remote describe(URI resolve) throws IOException, InterruptedException {
        HttpResponse<Void> head;
        try {
            head = http.send(request(resolve).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Connection failures often carry no message; name the host and the failure instead.
            throw new IOException("Cannot reach " + resolve.getHost() + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check the network or set HF_ENDPOINT to a mirror", e);
        }
        int status = head.statusCode();
        if (status == 401 || status == 403) {
            throw new IOException("The Hub refused " + resolve + " (HTTP " + status + "): the repository may be gated; set HF_TOKEN");
        }
        if (status == 404) {
            throw new IOException("Not found on the Hub: " + resolve + " (check owner, repository, file name and revision)");
        }
        if (status >= 400) {
            throw new IOException("The Hub answered HTTP " + status + " for " + resolve);
        }
        URI location = head.headers().firstValue("location").map(resolve::resolve).orElse(resolve);
        String etag = head.headers().firstValue("x-linked-etag").or(() -> head.headers().firstValue("etag")).orElse("");
        String hash = etag.replace("W/", "").replace("\"", "").toLowerCase(Locale.ROOT);
        Optional<String> sha256 = hash.matches("[0-9a-f]{64}") ? Optional.of(hash) : Optional.empty();
        long size = head.headers().firstValueAsLong("x-linked-size")
                .orElse(head.headers().firstValueAsLong("content-length").orElse(-1));
        return new Remote(location, size, sha256);
    }

    private String download(Remote remote, Path part, DownloadProgress progress) throws IOException, InterruptedException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        MessageDigest sha256 = sha256();
        if (have > 0 && have == remote.size()) {
            hashExisting(part, sha256);
            return HexFormat.of().formatHex(sha256.digest());
        }
        HttpRequest.Builder get = request(remote.location()).GET();
        if (have > 0) {
            get.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = followRedirects(get.build());
        int status = response.statusCode();
        if (status == 206) {
            hashExisting(part, sha256);
        } else if (status == 200) {
            have = 0;
        } else {
            response.body().close();
            throw new IOException("Download of " + remote.location() + " failed with HTTP " + status);
        }
        progress.started(have, remote.size());
        StandardOpenOption mode = status == 206 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = new DigestInputStream(response.body(), sha256);
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
                have += read;
                progress.advanced(have, remote.size());
            }
        }
        progress.finished(have);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Storage redirects (the Hub's CDN) are followed by hand so the Range header goes along. */
    private HttpResponse<InputStream> followRedirects(HttpRequest request) throws IOException, InterruptedException {
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = response.headers().firstValue("location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return response;
            }
            response.body().close();
            HttpRequest.Builder next = HttpRequest.newBuilder(request.uri().resolve(location.get())).GET();
            request.headers().firstValue("Range").ifPresent(range -> next.header("Range", range));
            request = next.build();
        }
        throw new IOException("Too many redirects for " + request.uri());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("User-Agent", "llmsuite-pull");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static void hashExisting(Path part, MessageDigest sha256) throws IOException {
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, read);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
