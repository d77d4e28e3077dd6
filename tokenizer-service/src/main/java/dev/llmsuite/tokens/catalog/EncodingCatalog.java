package dev.llmsuite.tokens.catalog;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tokenizer.encodings.EncodingInfo;
import dev.llmsuite.tokenizer.encodings.Encodings;
import dev.llmsuite.tokenizer.encodings.TiktokenEncoding;
import dev.llmsuite.tokenizer.encodings.UnknownModelException;
import dev.llmsuite.tokens.TokenizerServiceConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabularies this instance serves, loaded once at start-up: tiktoken encodings from the
 * library, SentencePiece and WordPiece ones from files ({@link VocabularyFiles}). A vocabulary that
 * fails to load does not stop the service: the failure is kept, readiness reports it, and requests
 * for that encoding get 503 while the others keep working.
 */
@Startup
@ApplicationScoped
public class EncodingCatalog {

    private static final Logger LOG = Logger.getLogger(EncodingCatalog.class);

    private final Map<String, ServedEncoding> served = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    EncodingCatalog(TokenizerServiceConfig config) {
        loadTiktoken(config.encodings());
        config.sentencepiece().forEach(this::loadSentencePiece);
        config.wordpiece().forEach(this::loadWordPiece);
        LOG.infof("Serving encodings %s%s", served.keySet(), failures.isEmpty() ? "" : "; failed to load " + failures);
    }

    private void loadTiktoken(List<String> names) {
        Map<String, List<String>> modelsByEncoding = new LinkedHashMap<>();
        try {
            for (EncodingInfo info : Encodings.describe()) {
                modelsByEncoding.put(info.name(), info.models());
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot load the tiktoken vocabularies", e);
        }
        for (String name : names) {
            if (!Encodings.names().contains(name)) {
                failures.put(name, "unknown tiktoken encoding; known: " + String.join(", ", Encodings.names()));
                continue;
            }
            try {
                TiktokenEncoding encoding = Encodings.get(name);
                served.put(name, new ServedEncoding(name, "tiktoken", encoding, encoding.specialTokens(),
                        modelsByEncoding.getOrDefault(name, List.of())));
            } catch (RuntimeException e) {
                failures.put(name, "vocabulary cannot be loaded: " + e.getMessage());
            }
        }
    }

    private void loadSentencePiece(String name, TokenizerServiceConfig.SentencePieceVocabulary vocabulary) {
        try {
            served.put(name, VocabularyFiles.sentencePiece(name, vocabulary.file(), vocabulary.models().orElse(List.of())));
        } catch (IOException | RuntimeException e) {
            failures.put(name, "SentencePiece vocabulary " + vocabulary.file() + " cannot be loaded: " + e.getMessage());
        }
    }

    private void loadWordPiece(String name, TokenizerServiceConfig.WordPieceVocabulary vocabulary) {
        try {
            served.put(name, VocabularyFiles.wordPiece(name, vocabulary.file(), vocabulary.models().orElse(List.of())));
        } catch (IOException | RuntimeException e) {
            failures.put(name, "WordPiece vocabulary " + vocabulary.file() + " cannot be loaded: " + e.getMessage());
        }
    }

    /** Every encoding that loaded, in configuration order. */
    public List<ServedEncoding> all() {
        return List.copyOf(served.values());
    }

    /** Configured encodings that could not be loaded, with the reason. */
    public Map<String, String> failures() {
        return Collections.unmodifiableMap(failures);
    }

    /**
     * The encoding a request names, directly or through a model; {@code param} says which request
     * field held the name, for the error message.
     */
    public ServedEncoding byName(String name, String param) {
        ServedEncoding encoding = served.get(name);
        if (encoding != null) {
            return encoding;
        }
        if (failures.containsKey(name)) {
            throw OpenAiException.serviceUnavailable("Encoding '" + name + "' is not available: " + failures.get(name));
        }
        throw new OpenAiException(400, "invalid_request_error",
                "Unknown encoding '" + name + "'. Available encodings: " + String.join(", ", served.keySet()) + ".",
                param, "unknown_encoding");
    }

    /** The encoding a model uses, e.g. gpt-4o gives o200k_base. */
    public ServedEncoding byModel(String model) {
        for (ServedEncoding encoding : served.values()) {
            if (encoding.models().contains(model)) {
                return encoding;
            }
        }
        String name;
        try {
            name = Encodings.encodingNameForModel(model);
        } catch (UnknownModelException e) {
            List<String> fileModels = served.values().stream()
                    .filter(encoding -> encoding.tiktoken().isEmpty())
                    .flatMap(encoding -> encoding.models().stream())
                    .toList();
            String others = fileModels.isEmpty() ? ""
                    : " Llama and BERT-family models served here: " + String.join(", ", fileModels) + ".";
            throw OpenAiException.modelNotFound(e.getMessage() + others);
        }
        if (!served.containsKey(name) && !failures.containsKey(name)) {
            throw OpenAiException.modelNotFound("Model '" + model + "' uses the " + name + " encoding, which this service does not serve."
                    + " Served encodings: " + String.join(", ", served.keySet()) + ".");
        }
        return byName(name, "model");
    }

    /** Resolves a request's {@code encoding} or {@code model} field; exactly one must be given. */
    public ServedEncoding resolve(String encoding, String model) {
        if (encoding != null && model != null) {
            throw OpenAiException.badRequest("Give either 'encoding' or 'model', not both.", "encoding");
        }
        if (encoding != null) {
            return byName(encoding, "encoding");
        }
        if (model != null) {
            return byModel(model);
        }
        throw OpenAiException.badRequest("Name the vocabulary: 'encoding' (one of " + String.join(", ", served.keySet())
                + ") or 'model' (e.g. gpt-4o).", "encoding");
    }
}
