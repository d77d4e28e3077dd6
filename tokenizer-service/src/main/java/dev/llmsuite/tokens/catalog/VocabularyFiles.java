package dev.llmsuite.tokens.catalog;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.SentencePieceTokenizer;
import dev.llmsuite.tokenizer.sentencepiece.TokenKind;
import dev.llmsuite.tokenizer.wordpiece.TokenizerJson;
import dev.llmsuite.tokenizer.wordpiece.WordPieceTokenizer;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the vocabularies that come from files rather than from the tiktoken library. */
final class VocabularyFiles {

    private static final String CLASSPATH = "classpath:";

    private VocabularyFiles() {
    }

    /** A llama2.c {@code tokenizer.bin}: a path, or a file name under the shared {@code models/} folder. */
    static ServedEncoding sentencePiece(String name, String file, List<String> models) throws IOException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            path = SharedData.model(file);
        }
        SentencePieceTokenizer tokenizer = Llama2cTokenizerFile.read(path).tokenizer(name);
        // BOS, EOS and the like: listed for clients, never produced from text.
        Map<String, Integer> controls = new LinkedHashMap<>();
        for (int id = 0; id < tokenizer.vocabularySize(); id++) {
            if (tokenizer.kind(id) == TokenKind.CONTROL) {
                controls.put(tokenizer.piece(id), id);
            }
        }
        return new ServedEncoding(name, "sentencepiece", tokenizer, controls, models);
    }

    /** A Hugging Face {@code tokenizer.json} of a BERT-family model: a path, or {@code classpath:NAME}. */
    static ServedEncoding wordPiece(String name, String file, List<String> models) throws IOException {
        try (InputStream in = file.startsWith(CLASSPATH)
                ? VocabularyFiles.class.getClassLoader().getResourceAsStream(file.substring(CLASSPATH.length()))
                : Files.newInputStream(Path.of(file))) {
            if (in == null) {
                throw new IOException("no such class path resource");
            }
            WordPieceTokenizer tokenizer = TokenizerJson.load(name, in);
            Map<String, Integer> frame = new LinkedHashMap<>();
            for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
                int id = tokenizer.vocabulary().id(special);
                if (id >= 0) {
                    frame.put(special, id);
                }
            }
            return new ServedEncoding(name, "wordpiece", tokenizer, frame, models);
        }
    }
}
