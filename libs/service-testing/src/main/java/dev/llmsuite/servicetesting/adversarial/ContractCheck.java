package dev.llmsuite.servicetesting.adversarial;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends probes and judges the answers. Every answer must come within the (generous) timeout, never
 * be a 5xx, carry an {@code x-request-id}, and, when it is an error, carry OpenAI's error body whose
 * message names no Java class or parser setting; then the probe's own {@link Expectation} applies.
 */
public final class ContractCheck {

    /** A probe that takes longer than this hangs; CI machines are slow, so it is far above any real answer time. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final Pattern INTERNALS = Pattern.compile("java\\.|jakarta\\.|jackson|Jackson|Exception|Feature|Constraints|`|\\$\\w|\\bat [a-z]+\\.");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final URI base;

    public ContractCheck(URI base) {
        this.base = base;
    }

    /** The answer's status, or a failure when it breaks the contract. */
    public record Verdict(int status, String violation) {
    }

    public Verdict judge(Endpoint endpoint, Probe probe, int validStatus) {
        HttpResponse<byte[]> response;
        try {
            response = send(endpoint, probe.body());
        } catch (HttpTimeoutException e) {
            return new Verdict(-1, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Verdict(-1, "the connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(-1, "interrupted");
        }
        return new Verdict(response.statusCode(), violation(endpoint, probe, response, validStatus));
    }

    HttpResponse<byte[]> send(Endpoint endpoint, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(endpoint.path())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        if (endpoint.apiKey() != null) {
            request.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String violation(Endpoint endpoint, Probe probe, HttpResponse<byte[]> response, int validStatus) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 500) {
            return "a server error " + status + ": " + excerpt(body);
        }
        if (response.headers().firstValue("x-request-id").isEmpty()) {
            return "no x-request-id on a " + status;
        }
        String param = null;
        if (status >= 400) {
            Optional<String> problem = errorBodyProblem(response, body);
            if (problem.isPresent()) {
                return problem.get() + " in a " + status + ": " + excerpt(body);
            }
            JsonNode error = parse(body).get("error");
            param = error.get("param").isNull() ? null : error.get("param").asText();
        }
        if (!endpoint.judgesBodies()) {
            return probe.expectation() instanceof Expectation.TooLarge && status != 413 ? "expected 413, got " + status : null;
        }
        return switch (probe.expectation()) {
            case Expectation.RefusedNaming named -> status != 400 ? "expected 400, got " + status + ": " + excerpt(body)
                    : names(param, named.param(), named.prefix()) ? null
                    : "expected param '" + named.param() + "', got " + param + ": " + excerpt(body);
            case Expectation.Refused refused -> status == 400 ? null : "expected 400, got " + status + ": " + excerpt(body);
            case Expectation.TooLarge tooLarge -> status == 413 ? null : "expected 413, got " + status;
            case Expectation.LikeTheValidBody like -> status == validStatus ? null
                    : "an unknown field changed the answer from " + validStatus + " to " + status + ": " + excerpt(body);
            case Expectation.AnyAnswerNaming naming -> status != 400 || names(param, naming.param(), true) ? null
                    : "a 400 that does not name '" + naming.param() + "' but " + param + ": " + excerpt(body);
            case Expectation.AnyAnswer any -> null;
        };
    }

    private static boolean names(String param, String field, boolean prefix) {
        if (param == null) {
            return false;
        }
        return param.equals(field) || prefix && (param.startsWith(field + ".") || param.startsWith(field + "["));
    }

    private static Optional<String> errorBodyProblem(HttpResponse<byte[]> response, String body) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return Optional.of("no JSON content type");
        }
        JsonNode json = parse(body);
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            return Optional.of("no OpenAI error object");
        }
        if (!error.path("message").isTextual() || error.get("message").asText().isBlank() || !error.path("type").isTextual()) {
            return Optional.of("no error message or type");
        }
        if (!error.has("param") || !error.has("code")) {
            return Optional.of("no param or code key");
        }
        if (INTERNALS.matcher(error.get("message").asText()).find()) {
            return Optional.of("Java or parser internals in the message");
        }
        return Optional.empty();
    }

    private static JsonNode parse(String body) {
        try {
            return JsonBodies.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String excerpt(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
