package dev.llmsuite.tokenizer.encodings;

import com.knuddels.jtokkit.api.ModelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model names to encodings, after tiktoken's model table. */
class ModelEncodingsTest {

    @Test
    void everyModelJtokkitKnowsMapsToJtokkitsEncoding() {
        for (ModelType model : ModelType.values()) {
            assertEquals(model.getEncodingType().getName(), Encodings.forModel(model.getName()).name(), model.getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "gpt-4o-2024-08-06, o200k_base", "chatgpt-4o-latest, o200k_base", "gpt-4o-mini, o200k_base",
        "gpt-5, o200k_base", "gpt-5.1, o200k_base", "gpt-5-mini, o200k_base", "gpt-5.2-codex, o200k_base", "gpt-4.5-preview, o200k_base",
        "o1-preview, o200k_base", "o3-mini, o200k_base", "o4-mini, o200k_base", "gpt-4.1-nano, o200k_base",
        "ft:gpt-4o-mini-2024-07-18:acme::abc123, o200k_base", "gpt-4-0613, cl100k_base", "gpt-3.5-turbo-16k, cl100k_base",
        "ft:gpt-3.5-turbo-0125:acme::x, cl100k_base", "davinci-002, cl100k_base", "text-embedding-3-large, cl100k_base",
        "code-davinci-002, p50k_base", "text-davinci-edit-001, p50k_edit", "gpt2, r50k_base", "gpt-2, r50k_base",
        "davinci, r50k_base", "gpt-3.5, cl100k_base", "gpt-35-turbo-16k, cl100k_base", "ft:babbage-002:acme::x, cl100k_base",
        "gpt-oss-120b, o200k_harmony", "gpt-oss-20b, o200k_harmony",
    })
    void datedAndFineTunedVariantsFollowTheirFamily(String model, String encoding) {
        assertEquals(encoding, Encodings.encodingNameForModel(model));
    }

    /** tiktoken matches names exactly, case and spaces included, and knows no bare "gpt-4.5" or "o1-mini" shorthand. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"GPT-4o", " gpt-4o ", "gpt-4o ", "Gpt-4", "gpt-4.5", "gpt-4.2", "o2", "text-embedding-3", "gpt-4o\u0000"})
    void namesTiktokenDoesNotKnowAreRefused(String model) {
        assertThrows(UnknownModelException.class, () -> Encodings.encodingNameForModel(model));
    }

    /** The error lists names and prefixes; every one of them must be accepted by the same lookup. */
    @Test
    void theUnknownModelMessageListsOnlyNamesTheLookupAccepts() {
        String message = assertThrows(UnknownModelException.class, () -> Encodings.encodingNameForModel("llama-3-70b")).getMessage();
        String listed = message.substring(message.indexOf(": ") + 2, message.indexOf(". Name an encoding"));
        for (String entry : listed.split(", ")) {
            String model = entry.endsWith("*") ? entry.substring(0, entry.length() - 1) + "2026-01-01" : entry;
            assertTrue(Encodings.names().contains(Encodings.encodingNameForModel(model))
                    || Encodings.encodingNameForModel(model).equals("o200k_harmony"), entry);
        }
    }

    @Test
    void unknownModelsAndEncodingsGetAClearError() {
        UnknownModelException model = assertThrows(UnknownModelException.class, () -> Encodings.forModel("llama-3-70b"));
        assertTrue(model.getMessage().contains("llama-3-70b") && model.getMessage().contains("gpt-4o-*"), model.getMessage());
        UnknownEncodingException encoding = assertThrows(UnknownEncodingException.class, () -> Encodings.get("cl200k"));
        assertTrue(encoding.getMessage().contains("cl100k_base, o200k_base"), encoding.getMessage());
    }

    @Test
    void encodingMetadataListsSizesSpecialsAndModels() {
        List<EncodingInfo> infos = Encodings.describe();
        assertEquals(Encodings.names(), infos.stream().map(EncodingInfo::name).toList());
        for (EncodingInfo info : infos) {
            TiktokenEncoding encoding = Encodings.get(info.name());
            assertEquals(encoding.vocabularySize(), info.vocabularySize());
            assertEquals(encoding.specialTokens(), info.specialTokens());
            assertTrue(info.models().stream().allMatch(m -> m.endsWith("*")
                    || Encodings.encodingNameForModel(m).equals(info.name())), info.models().toString());
        }
        assertTrue(infos.get(Encodings.names().indexOf("o200k_base")).models().containsAll(List.of("gpt-4o", "gpt-4o-*")));
    }
}
