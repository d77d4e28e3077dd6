package dev.llmsuite.openai;

import jakarta.ws.rs.WebApplicationException;

/** Messages and codes for the framework's own HTTP failures (unknown route, wrong method, wrong media type). */
final class HttpProblems {

    private HttpProblems() {
    }

    static String describe(int status, WebApplicationException e) {
        return switch (status) {
            case 400 -> "The request body could not be read; send a JSON object with Content-Type: application/json.";
            case 404 -> "Unknown endpoint. See /q/openapi for this service's routes.";
            case 405 -> "Method not allowed for this endpoint.";
            case 406 -> "Cannot produce the requested media type; accept application/json.";
            case 413 -> "The request body is too large.";
            case 415 -> "Unsupported media type; send Content-Type: application/json.";
            default -> e.getMessage();
        };
    }

    static String code(int status) {
        return switch (status) {
            case 404 -> "unknown_url";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            default -> null;
        };
    }
}
