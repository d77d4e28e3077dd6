package dev.llmsuite.tokens;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.Utf8Replacement;
import dev.llmsuite.tokenizer.encodings.InvalidTokenIdException;
import dev.llmsuite.tokenizer.encodings.TiktokenEncoding;
import dev.llmsuite.tokenizer.encodings.TokenSpan;
import dev.llmsuite.tokens.api.CountRequest;
import dev.llmsuite.tokens.api.CountResponse;
import dev.llmsuite.tokens.api.DetokenizeRequest;
import dev.llmsuite.tokens.api.DetokenizeResponse;
import dev.llmsuite.tokens.api.EncodingsResponse;
import dev.llmsuite.tokens.api.TokenizeRequest;
import dev.llmsuite.tokens.api.TokenizeResponse;
import dev.llmsuite.tokens.catalog.EncodingCatalog;
import dev.llmsuite.tokens.catalog.ServedEncoding;
import dev.llmsuite.tokens.metrics.TokenMetrics;
import dev.llmsuite.tokens.text.RequestTexts;
import dev.llmsuite.tokens.text.SpecialTokenOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four operations of the service, independent of HTTP: resources only hand requests in. */
@ApplicationScoped
public class TokenService {

    private final EncodingCatalog catalog;
    private final TokenizerServiceConfig config;
    private final TokenMetrics metrics;

    TokenService(EncodingCatalog catalog, TokenizerServiceConfig config, TokenMetrics metrics) {
        this.catalog = catalog;
        this.config = config;
        this.metrics = metrics;
    }

    public TokenizeResponse tokenize(TokenizeRequest request) {
        ServedEncoding encoding = catalog.resolve(request.encoding(), request.model());
        List<String> texts = RequestTexts.of(request.text(), request.texts(), config.maxBatchSize(), config.maxTextLength());
        boolean offsets = Boolean.TRUE.equals(request.returnOffsets());
        TiktokenEncoding tiktoken = encoding.tiktoken().orElse(null);
        if (tiktoken == null) {
            String param = offsets ? "return_offsets" : request.allowedSpecial() != null ? "allowed_special"
                    : request.disallowedSpecial() != null ? "disallowed_special" : null;
            if (param != null) {
                throw OpenAiException.badRequest("'" + param + "' applies to tiktoken encodings only; '" + encoding.name()
                        + "' is a " + encoding.family() + " vocabulary.", param);
            }
        }
        SpecialTokenOptions specials = tiktoken == null ? SpecialTokenOptions.ORDINARY
                : SpecialTokenOptions.parse(request.allowedSpecial(), request.disallowedSpecial(), encoding.specialTokens());
        specials.check(texts);
        metrics.recordRequest("tokenize", texts);

        long start = System.nanoTime();
        List<TokenizeResponse.Tokens> data = new ArrayList<>(texts.size());
        long total = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int[] ids;
            List<TokenizeResponse.TokenSpan> spans = null;
            if (offsets) {
                List<TokenSpan> encoded = tiktoken.encodeWithOffsets(text, specials.policy());
                if (total + encoded.size() > config.maxOffsetTokens()) {
                    throw OpenAiException.badRequest("'return_offsets' is limited to " + config.maxOffsetTokens()
                            + " tokens per request; send less text, or ask without offsets.", "return_offsets");
                }
                ids = encoded.stream().mapToInt(TokenSpan::id).toArray();
                spans = encoded.stream()
                        .map(s -> new TokenizeResponse.TokenSpan(s.id(), s.text(), s.byteStart(), s.byteEnd()))
                        .toList();
            } else {
                ids = tiktoken != null ? tiktoken.encode(text, specials.policy()) : encoding.tokenizer().encode(text);
            }
            total += ids.length;
            data.add(new TokenizeResponse.Tokens("tokens", i, ids, ids.length, spans));
        }
        metrics.recordWork("tokenize", encoding.name(), total, System.nanoTime() - start);
        return new TokenizeResponse("list", encoding.name(), request.model(), data, new TokenizeResponse.Usage(total));
    }

    public DetokenizeResponse detokenize(DetokenizeRequest request) {
        ServedEncoding encoding = catalog.resolve(request.encoding(), request.model());
        int[] ids = request.tokens();
        if (ids == null) {
            throw OpenAiException.badRequest("Missing 'tokens': an array of token ids.", "tokens");
        }
        if (ids.length > config.maxTokens()) {
            throw OpenAiException.badRequest("'tokens' holds " + ids.length + " ids; at most " + config.maxTokens()
                    + " are allowed per request.", "tokens");
        }
        Tokenizer tokenizer = encoding.tokenizer();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= tokenizer.vocabularySize()) {
                throw invalidId(encoding, i, ids[i]);
            }
        }
        long start = System.nanoTime();
        byte[] bytes;
        try {
            bytes = tokenizer.decodeBytes(ids);
        } catch (InvalidTokenIdException e) {
            throw invalidId(encoding, indexOf(ids, e.id()), e.id());
        }
        metrics.recordWork("detokenize", encoding.name(), ids.length, System.nanoTime() - start);
        boolean valid = isValidUtf8(bytes);
        return new DetokenizeResponse("text", encoding.name(), Utf8Replacement.decode(bytes), valid,
                valid ? null : Base64.getEncoder().encodeToString(bytes));
    }

    public CountResponse count(CountRequest request) {
        List<ServedEncoding> encodings = encodingsToCount(request);
        List<String> texts = RequestTexts.of(request.text(), request.texts(), config.maxBatchSize(), config.maxTextLength());
        metrics.recordRequest("count", texts);
        List<CountResponse.EncodingCount> data = new ArrayList<>(encodings.size());
        for (ServedEncoding encoding : encodings) {
            long start = System.nanoTime();
            int[] counts = new int[texts.size()];
            long total = 0;
            for (int i = 0; i < texts.size(); i++) {
                counts[i] = encoding.tokenizer().count(texts.get(i));
                total += counts[i];
            }
            metrics.recordWork("count", encoding.name(), total, System.nanoTime() - start);
            data.add(new CountResponse.EncodingCount(encoding.name(), counts, total));
        }
        return new CountResponse("list", request.model(), data);
    }

    public EncodingsResponse encodings() {
        return new EncodingsResponse("list", catalog.all().stream()
                .map(e -> new EncodingsResponse.Encoding(e.name(), e.family(), e.tokenizer().vocabularySize(),
                        e.specialTokens(), e.models()))
                .toList());
    }

    private List<ServedEncoding> encodingsToCount(CountRequest request) {
        if (request.encodings() == null) {
            return List.of(catalog.resolve(request.encoding(), request.model()));
        }
        if (request.encoding() != null || request.model() != null) {
            throw OpenAiException.badRequest("Give one of 'encodings', 'encoding' or 'model'.", "encodings");
        }
        if (request.encodings().isEmpty() || request.encodings().size() > config.maxEncodingsPerCount()) {
            throw OpenAiException.badRequest("'encodings' must list between 1 and " + config.maxEncodingsPerCount()
                    + " encoding names.", "encodings");
        }
        Map<String, ServedEncoding> distinct = new LinkedHashMap<>();
        for (int i = 0; i < request.encodings().size(); i++) {
            String name = request.encodings().get(i);
            String param = "encodings[" + i + "]";
            if (name == null) {
                throw OpenAiException.badRequest("'" + param + "' is null; list encoding names.", param);
            }
            distinct.putIfAbsent(name, catalog.byName(name, param));
        }
        return List.copyOf(distinct.values());
    }

    private static OpenAiException invalidId(ServedEncoding encoding, int index, int id) {
        return new OpenAiException(400, "invalid_request_error", "'tokens[" + index + "]' = " + id + " is not a token id of "
                + encoding.name() + " (ids run from 0 to " + (encoding.tokenizer().vocabularySize() - 1)
                + ", with gaps where no token is defined).", "tokens[" + index + "]", "invalid_token_id");
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isValidUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
