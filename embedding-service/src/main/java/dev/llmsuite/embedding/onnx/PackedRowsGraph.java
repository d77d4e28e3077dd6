package dev.llmsuite.embedding.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a BERT encoder exported from Hugging Face transformers so that one row of its input
 * can hold several sequences, end to end, instead of one sequence padded to the longest of the
 * batch. Two things in the export assume one sequence per row, and both become inputs:
 * <ul>
 *   <li>the attention mask, {@code [rows, length]}, which the graph widens to
 *       {@code [rows, 1, 1, length]} by two Unsqueeze nodes: it becomes
 *       {@code [rows, length, length]}, one Unsqueeze widens it to {@code [rows, 1, length, length]},
 *       and each token attends only to the tokens of its own sequence;</li>
 *   <li>the position ids, a Slice of the constant {@code 0, 1, 2, ...}: they become the input
 *       {@code position_ids}, {@code [rows, length]}, which starts again at 0 for each sequence.</li>
 * </ul>
 * Everything else (embeddings, layers, weights) is left byte for byte as it was, so a sequence's
 * token vectors are the same as in a row of its own, up to float rounding.
 *
 * <p>Graphs of another shape are left alone ({@link #rewrite} is empty), and the encoder pads.
 */
final class PackedRowsGraph {

    static final String ATTENTION_MASK = "attention_mask";
    static final String POSITION_IDS = "position_ids";
    static final String INPUT_IDS = "input_ids";

    // ONNX protobuf field numbers (onnx.proto).
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int TENSOR_NAME = 8;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_PARAM = 2;

    private PackedRowsGraph() {
    }

    /** The rewritten model, or empty when its graph is not the export this class knows. */
    static Optional<byte[]> rewrite(byte[] model) {
        try {
            return rewriteModel(model);
        } catch (IllegalArgumentException | NoSuchElementException e) {
            // A value info without a shape, an unexpected encoding: not the export this class knows.
            return Optional.empty();
        }
    }

    private static Optional<byte[]> rewriteModel(byte[] model) {
        Protobuf modelProto = Protobuf.parse(model);
        List<Protobuf.Field> graphs = modelProto.all(MODEL_GRAPH);
        if (graphs.size() != 1) {
            return Optional.empty();
        }
        Optional<Protobuf> graph = rewriteGraph(graphs.getFirst().message());
        if (graph.isEmpty()) {
            return Optional.empty();
        }
        int at = modelProto.fields.indexOf(graphs.getFirst());
        modelProto.fields.set(at, Protobuf.messageField(MODEL_GRAPH, graph.get()));
        return Optional.of(modelProto.toBytes());
    }

    private static Optional<Protobuf> rewriteGraph(Protobuf graph) {
        List<Protobuf> nodes = graph.all(GRAPH_NODE).stream().map(Protobuf.Field::message).toList();
        // Parsing an initializer copies its weights: each is parsed once, for its name.
        Map<Protobuf.Field, String> initializerNames = new IdentityHashMap<>();
        graph.all(GRAPH_INITIALIZER).forEach(field -> initializerNames.put(field, field.message().string(TENSOR_NAME)));
        Set<String> initializers = new HashSet<>(initializerNames.values());
        Protobuf firstUnsqueeze = unsqueeze(nodes, ATTENTION_MASK, 1);
        Protobuf secondUnsqueeze = firstUnsqueeze == null ? null : unsqueeze(nodes, output(firstUnsqueeze), 2);
        Protobuf positionSlice = positionSlice(nodes, initializers);
        Protobuf maskInput = graphInput(graph, ATTENTION_MASK);
        Protobuf idsInput = graphInput(graph, INPUT_IDS);
        if (secondUnsqueeze == null || positionSlice == null || maskInput == null || idsInput == null || dims(maskInput) != 2) {
            return Optional.empty();
        }
        String widenedMask = output(firstUnsqueeze);
        String unusedMask = output(secondUnsqueeze);
        String slicedPositions = output(positionSlice);
        List<Protobuf> kept = new ArrayList<>();
        for (Protobuf node : nodes) {
            if (node != secondUnsqueeze && node != positionSlice) {
                kept.add(withInputs(node, unusedMask, widenedMask, slicedPositions, POSITION_IDS));
            }
        }
        kept = withoutDeadNodes(kept, outputs(graph));
        Set<String> used = new HashSet<>();
        kept.forEach(node -> used.addAll(node.strings(NODE_INPUT)));

        Protobuf rewritten = new Protobuf();
        boolean nodesWritten = false;
        for (Protobuf.Field field : graph.fields) {
            switch (field.number()) {
                case GRAPH_NODE -> {
                    if (!nodesWritten) {
                        kept.forEach(node -> rewritten.fields.add(Protobuf.messageField(GRAPH_NODE, node)));
                        nodesWritten = true;
                    }
                }
                case GRAPH_INITIALIZER -> {
                    if (used.contains(initializerNames.get(field))) {
                        rewritten.fields.add(field);
                    }
                }
                case GRAPH_INPUT -> {
                    String name = field.message().string(VALUE_INFO_NAME);
                    if (name.equals(ATTENTION_MASK)) {
                        rewritten.fields.add(Protobuf.messageField(GRAPH_INPUT, withKeyDimension(maskInput)));
                        rewritten.fields.add(Protobuf.messageField(GRAPH_INPUT, renamed(idsInput, POSITION_IDS)));
                    } else {
                        rewritten.fields.add(field);
                    }
                }
                case GRAPH_VALUE_INFO -> {
                    // Shape hints for intermediate values, which the mask's new rank would
                    // contradict; ONNX Runtime infers them again.
                }
                default -> rewritten.fields.add(field);
            }
        }
        return Optional.of(rewritten);
    }

    /** The Unsqueeze node that widens {@code input} at {@code axis} (axes as an attribute, opset < 13). */
    private static Protobuf unsqueeze(List<Protobuf> nodes, String input, long axis) {
        for (Protobuf node : nodes) {
            if (node.string(NODE_OP_TYPE).equals("Unsqueeze") && node.strings(NODE_INPUT).equals(List.of(input))) {
                for (Protobuf.Field attribute : node.all(NODE_ATTRIBUTE)) {
                    Protobuf a = attribute.message();
                    if (a.string(ATTRIBUTE_NAME).equals("axes") && a.longs(ATTRIBUTE_INTS).equals(List.of(axis))) {
                        return node;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The Slice of the constant position ids that feeds the position-embedding Gather, if that
     * Gather is its only reader.
     */
    private static Protobuf positionSlice(List<Protobuf> nodes, Set<String> initializers) {
        for (Protobuf gather : nodes) {
            List<String> inputs = gather.strings(NODE_INPUT);
            if (!gather.string(NODE_OP_TYPE).equals("Gather") || inputs.size() != 2
                    || !inputs.get(0).contains("position_embeddings") || !initializers.contains(inputs.get(0))) {
                continue;
            }
            for (Protobuf slice : nodes) {
                List<String> sliceInputs = slice.strings(NODE_INPUT);
                if (slice.string(NODE_OP_TYPE).equals("Slice") && output(slice).equals(inputs.get(1))
                        && !sliceInputs.isEmpty() && sliceInputs.get(0).endsWith("position_ids")
                        && readers(nodes, inputs.get(1)) == 1) {
                    return slice;
                }
            }
        }
        return null;
    }

    private static long readers(List<Protobuf> nodes, String value) {
        return nodes.stream().filter(node -> node.strings(NODE_INPUT).contains(value)).count();
    }

    private static String output(Protobuf node) {
        List<String> outputs = node.strings(NODE_OUTPUT);
        return outputs.size() == 1 ? outputs.getFirst() : "";
    }

    private static Set<String> outputs(Protobuf graph) {
        Set<String> names = new HashSet<>();
        graph.all(GRAPH_OUTPUT).forEach(field -> names.add(field.message().string(VALUE_INFO_NAME)));
        return names;
    }

    private static Protobuf graphInput(Protobuf graph, String name) {
        return graph.all(GRAPH_INPUT).stream().map(Protobuf.Field::message)
                .filter(input -> input.string(VALUE_INFO_NAME).equals(name)).findFirst().orElse(null);
    }

    /** The node with every input {@code from} replaced by {@code to}, for both pairs. */
    private static Protobuf withInputs(Protobuf node, String from1, String to1, String from2, String to2) {
        Protobuf copy = new Protobuf();
        for (Protobuf.Field field : node.fields) {
            if (field.number() == NODE_INPUT && (field.string().equals(from1) || field.string().equals(from2))) {
                copy.fields.add(Protobuf.stringField(NODE_INPUT, field.string().equals(from1) ? to1 : to2));
            } else {
                copy.fields.add(field);
            }
        }
        return copy;
    }

    /** Drops, until none is left, the nodes whose outputs nothing reads (the constants of the removed Slice). */
    private static List<Protobuf> withoutDeadNodes(List<Protobuf> nodes, Set<String> graphOutputs) {
        List<Protobuf> live = nodes;
        while (true) {
            Set<String> read = new HashSet<>(graphOutputs);
            live.forEach(node -> read.addAll(node.strings(NODE_INPUT)));
            List<Protobuf> next = live.stream().filter(node -> node.strings(NODE_OUTPUT).stream().anyMatch(read::contains)).toList();
            if (next.size() == live.size()) {
                return live;
            }
            live = next;
        }
    }

    private static int dims(Protobuf valueInfo) {
        return first(first(first(valueInfo, VALUE_INFO_TYPE), TYPE_TENSOR), TENSOR_TYPE_SHAPE).all(SHAPE_DIM).size();
    }

    /** The mask's value info with a third dimension: the keys a query token may attend to. */
    private static Protobuf withKeyDimension(Protobuf maskInput) {
        Protobuf type = first(maskInput, VALUE_INFO_TYPE);
        Protobuf tensor = first(type, TYPE_TENSOR);
        Protobuf shape = first(tensor, TENSOR_TYPE_SHAPE);
        Protobuf dimension = new Protobuf();
        dimension.fields.add(Protobuf.stringField(DIM_PARAM, "key_length"));
        shape.fields.add(Protobuf.messageField(SHAPE_DIM, dimension));
        replace(tensor, TENSOR_TYPE_SHAPE, shape);
        replace(type, TYPE_TENSOR, tensor);
        Protobuf valueInfo = Protobuf.parse(maskInput.toBytes());
        replace(valueInfo, VALUE_INFO_TYPE, type);
        return valueInfo;
    }

    /** A copy of the first nested message with this number (a value info's type always has one). */
    private static Protobuf first(Protobuf message, int number) {
        List<Protobuf.Field> fields = message.all(number);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("ONNX value info without field " + number);
        }
        return fields.getFirst().message();
    }

    private static Protobuf renamed(Protobuf valueInfo, String name) {
        Protobuf copy = Protobuf.parse(valueInfo.toBytes());
        copy.fields.replaceAll(field -> field.number() == VALUE_INFO_NAME ? Protobuf.stringField(VALUE_INFO_NAME, name) : field);
        return copy;
    }

    private static void replace(Protobuf message, int number, Protobuf value) {
        message.fields.replaceAll(field -> field.number() == number ? Protobuf.messageField(number, value) : field);
    }
}
