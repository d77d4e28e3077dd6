package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.transformer.sampling.SamplingParameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks shared by completions and chat completions. Every failure is a 400 naming the
 * parameter and the allowed range, worded like OpenAI's own errors so clients can act on them.
 */
final class ParameterChecks {

    static final int MAX_STOP_STRINGS = 4;

    private ParameterChecks() {
    }

    static double inRange(Double value, double fallback, double min, double max, boolean minExclusive, String param) {
        if (value == null) {
            return fallback;
        }
        if (value.isNaN() || value > max || (minExclusive ? value <= min : value < min)) {
            throw OpenAiException.badRequest("Invalid value for '" + param + "': " + value + " is outside the allowed range "
                    + (minExclusive ? "(" : "[") + format(min) + ", " + format(max) + "].", param);
        }
        return value;
    }

    static int atLeast(Integer value, int fallback, int min, String param) {
        if (value == null) {
            return fallback;
        }
        if (value < min) {
            throw OpenAiException.badRequest("Invalid value for '" + param + "': " + value + " is less than the minimum of " + min + ".", param);
        }
        return value;
    }

    static int between(Integer value, int fallback, int min, int max, String param) {
        int checked = atLeast(value, fallback, min, param);
        if (checked > max) {
            throw OpenAiException.badRequest("Invalid value for '" + param + "': " + checked + " is greater than the maximum of " + max + ".", param);
        }
        return checked;
    }

    static String requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw OpenAiException.badRequest("You must provide a model parameter.", "model");
        }
        return model;
    }

    /** {@code stop}: absent, one string, or a list of up to four strings. */
    static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (!stop.isArray()) {
            throw OpenAiException.badRequest("Invalid type for 'stop': expected a string or an array of strings.", "stop");
        }
        if (stop.size() > MAX_STOP_STRINGS) {
            throw OpenAiException.badRequest("Invalid value for 'stop': at most " + MAX_STOP_STRINGS
                    + " stop sequences are allowed, got " + stop.size() + ".", "stop");
        }
        List<String> stops = new ArrayList<>();
        for (JsonNode item : stop) {
            if (!item.isTextual()) {
                throw OpenAiException.badRequest("Invalid type for 'stop': every stop sequence must be a string.", "stop");
            }
            stops.add(item.asText());
        }
        return stops;
    }

    /** {@code logit_bias}: token ids (as JSON object keys) inside the vocabulary, biases in [-100, 100]. */
    static Map<Integer, Float> logitBias(Map<String, Double> bias, int vocabularySize) {
        if (bias == null) {
            return Map.of();
        }
        Map<Integer, Float> checked = new HashMap<>();
        for (Map.Entry<String, Double> entry : bias.entrySet()) {
            int token;
            try {
                token = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw OpenAiException.badRequest("Invalid key in 'logit_bias': '" + entry.getKey() + "' is not a token id.", "logit_bias");
            }
            if (token < 0 || token >= vocabularySize) {
                throw OpenAiException.badRequest("Invalid key in 'logit_bias': token " + token
                        + " is outside this model's vocabulary of " + vocabularySize + " tokens.", "logit_bias");
            }
            String param = "logit_bias." + entry.getKey();
            if (entry.getValue() == null) {
                throw OpenAiException.badRequest("Invalid type for '" + param + "': expected a number.", param);
            }
            double value = inRange(entry.getValue(), 0, -100, 100, false, param);
            checked.put(token, (float) value);
        }
        return checked;
    }

    /** The sampling knobs common to both endpoints, checked and assembled. */
    static SamplingParameters sampling(Double temperature, Double topP, Integer topK, Double minP, Double repetitionPenalty,
                                       Double presencePenalty, Double frequencyPenalty, Map<String, Double> logitBias,
                                       Long seed, Integer topLogprobs, int vocabularySize) {
        float t = (float) inRange(temperature, 1, 0, 2, false, "temperature");
        float p = (float) inRange(topP, 1, 0, 1, true, "top_p");
        int k = atLeast(topK, 0, 0, "top_k");
        float mp = (float) inRange(minP, 0, 0, 1, false, "min_p");
        float rp = (float) inRange(repetitionPenalty, 1, 0, 10, true, "repetition_penalty");
        float pp = (float) inRange(presencePenalty, 0, -2, 2, false, "presence_penalty");
        float fp = (float) inRange(frequencyPenalty, 0, -2, 2, false, "frequency_penalty");
        return new SamplingParameters(t, p, k, mp, rp, pp, fp, logitBias(logitBias, vocabularySize), seed, topLogprobs);
    }

    /**
     * {@code response_format}: absent, or an object whose {@code type} is {@code "text"}; JSON modes
     * and schemas are refused rather than silently ignored.
     */
    static void responseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        if (!format.isObject()) {
            throw OpenAiException.badRequest("Invalid type for 'response_format': expected an object such as {\"type\": \"text\"}.",
                    "response_format");
        }
        JsonNode type = format.get("type");
        if (type == null || !type.isTextual()) {
            throw OpenAiException.badRequest("Invalid type for 'response_format.type': expected a string.", "response_format.type");
        }
        if (!type.asText().equals("text")) {
            throw OpenAiException.badRequest("Only response_format type 'text' is supported by this server.", "response_format");
        }
    }

    /**
     * OpenAI's wording for a request that does not fit the context window, with the numbers; {@code param}
     * is the prompt's own field when the prompt alone fills the window, else the completion limit.
     */
    static OpenAiException contextExceeded(int contextLength, int promptTokens, int maxTokens, String param) {
        return new OpenAiException(400, "invalid_request_error", "This model's maximum context length is " + contextLength
                + " tokens. However, you requested " + ((long) promptTokens + maxTokens) + " tokens (" + promptTokens
                + " in the prompt, " + maxTokens + " for the completion). Please reduce '" + param + "'.",
                param, "context_length_exceeded");
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
