package dev.llmsuite.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Reads request JSON as strictly as OpenAI does, in every service: a value of the wrong JSON type is
 * a 400 naming the field, never silently converted ({@code "n": "1"}, {@code "max_tokens": 1.5},
 * {@code "user": 42}, {@code "stream": "true"} or {@code 1}, {@code null} in an array of integers);
 * a key given twice and anything after the JSON value are refused too. Unknown fields stay accepted:
 * OpenAI's clients send fields a server may not know.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same settings on any mapper (tests use it without the framework). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.setConfig(mapper.getDeserializationConfig().without(MapperFeature.ALLOW_COERCION_OF_SCALARS));
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Keeps the offending token readable after a failure, so the error can say what was sent.
        mapper.disable(StreamReadFeature.CLEAR_CURRENT_TOKEN_ON_CLOSE.mappedFeature());
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean, CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.EmptyString);
        for (LogicalType container : new LogicalType[] {LogicalType.Array, LogicalType.Collection, LogicalType.Map, LogicalType.POJO}) {
            refuse(mapper, container, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean);
        }
        return mapper;
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
