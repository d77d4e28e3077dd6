package dev.llmsuite.openai;

/**
 * A request that cannot be served, carrying what OpenAI's clients expect to read back:
 * an HTTP status and the {@code {"error": {...}}} fields. Throw it from resources or domain code;
 * {@link OpenAiExceptionMapper} writes the response.
 */
public class OpenAiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Integer retryAfterSeconds;

    public OpenAiException(int status, String type, String message, String param, String code) {
        this(status, type, message, param, code, null);
    }

    private OpenAiException(int status, String type, String message, String param, String code, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static OpenAiException badRequest(String message, String param) {
        return new OpenAiException(400, "invalid_request_error", message, param, null);
    }

    public static OpenAiException unauthorized(String message) {
        return new OpenAiException(401, "invalid_request_error", message, null, "invalid_api_key");
    }

    public static OpenAiException forbidden(String message) {
        return new OpenAiException(403, "invalid_request_error", message, null, "insufficient_permissions");
    }

    public static OpenAiException notFound(String message, String param) {
        return new OpenAiException(404, "invalid_request_error", message, param, "not_found");
    }

    /** An unknown model, in every service the same way: 404 {@code model_not_found} naming {@code model}. */
    public static OpenAiException modelNotFound(String message) {
        return modelNotFound(message, "model");
    }

    /** An unknown model named by another field, e.g. {@code compare_with}. */
    public static OpenAiException modelNotFound(String message, String param) {
        return new OpenAiException(404, "invalid_request_error", message, param, "model_not_found");
    }

    public static OpenAiException payloadTooLarge(String message) {
        return new OpenAiException(413, "invalid_request_error", message, null, "request_too_large");
    }

    public static OpenAiException tooManyRequests(String message, int retryAfterSeconds) {
        return new OpenAiException(429, "rate_limit_error", message, null, "rate_limit_exceeded", retryAfterSeconds);
    }

    public static OpenAiException serviceUnavailable(String message) {
        return new OpenAiException(503, "server_error", message, null, "service_unavailable", 5);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** Seconds a client should wait before retrying, or {@code null} when retrying will not help. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorBody body() {
        return ErrorBody.of(getMessage(), type, param, code);
    }
}
