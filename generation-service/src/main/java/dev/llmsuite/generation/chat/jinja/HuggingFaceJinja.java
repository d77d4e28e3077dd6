package dev.llmsuite.generation.chat.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * Jinja as Hugging Face's {@code apply_chat_template} sets it up, on Jinjava: {@code trim_blocks}
 * and {@code lstrip_blocks} ({@link JinjaDialect}), the loop controls ({@code break}, {@code continue}), the
 * {@code {% generation %}} block (rendered as its body), the globals {@code raise_exception} and
 * {@code strftime_now}, and {@code tojson} as Python's {@code json.dumps} with
 * {@code ensure_ascii=False}. Jinjava is switched to Jinja's own semantics where it has a choice
 * (whitespace control on expressions, filter precedence, the template's final newline) and given
 * Python's string methods, so that a template renders to exactly the string Jinja renders.
 */
public final class HuggingFaceJinja {

    /** Where {@code strftime_now} finds the clock during one render. */
    private static final String CLOCK = "__llmsuite_clock__";
    /** Where {@code raise_exception} leaves its message during one render. */
    private static final String RAISED = "__llmsuite_raised__";

    private final Jinjava jinjava;

    public HuggingFaceJinja() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // trim_blocks and lstrip_blocks: JinjaDialect applies them with Jinja's rules.
                // Jinja drops the template source's final newline; Jinjava would drop the output's, so JinjaDialect does it.
                .withKeepTrailingNewline(true)
                .withElResolver(resolver)
                .withInterperterFactory(new PythonInterpreter.Factory())
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        // {{- x -}} strips whitespace as {%- -%} does.
                        .withUseTrimmingForNotesAndExpressions(true)
                        // Filters bind tighter than + and ~: '\n' + content | trim trims the content only.
                        .withUseNaturalOperatorPrecedence(true)
                        // 7 - 2 is subtraction, not a minus sign starting whitespace control.
                        .withParseWhitespaceControlStrictly(true)
                        // Iterating a dict yields its keys.
                        .withIterateOverMapKeys(true)
                        .build())
                .build();
        jinjava = new Jinjava(config);
        var globals = jinjava.getGlobalContext();
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", HuggingFaceJinja.class, "raiseException", String.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", HuggingFaceJinja.class, "strftimeNow", String.class));
        PythonFilters.all().forEach(globals::registerFilter);
        globals.registerExpTest(new PythonFilters.Sequence());
        globals.registerTag(new Generation());
    }

    /** The outcome of one render: the text, or the message of {@code raise_exception}, or Jinjava's errors. */
    public record Rendering(String output, String raised, String error) {
    }

    /** The filters a template applies that this engine lacks: Jinjava would pass their input through unchanged. */
    public java.util.List<String> unknownFilters(String source) {
        return JinjaDialect.filterNames(source).stream().filter(name -> jinjava.getGlobalContext().getFilter(name) == null).toList();
    }

    public Rendering render(String source, Map<String, Object> variables, Clock clock) {
        Map<String, Object> context = new HashMap<>(variables);
        // Templates ask "strftime_now is defined" before calling it; Jinjava's functions are not variables.
        context.put("strftime_now", "strftime_now");
        context.put("raise_exception", "raise_exception");
        context.put(CLOCK, clock);
        Map<String, Object> raised = new HashMap<>();
        context.put(RAISED, raised);
        RenderResult result = jinjava.renderForResult(JinjaDialect.forJinjava(source), context);
        if (raised.get("message") != null) {
            return new Rendering(null, raised.get("message").toString(), null);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                return new Rendering(null, null, error.getMessage() + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : ""));
            }
        }
        return new Rendering(result.getOutput(), null, null);
    }

    public static String raiseException(String message) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        if (interpreter != null && interpreter.getContext().get(RAISED) instanceof Map<?, ?> raised) {
            @SuppressWarnings("unchecked")
            Map<String, Object> slot = (Map<String, Object>) raised;
            slot.putIfAbsent("message", message);
        }
        throw new IllegalStateException("raise_exception: " + message);
    }

    public static String strftimeNow(String format) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Clock clock = interpreter != null && interpreter.getContext().get(CLOCK) instanceof Clock c ? c : Clock.systemDefaultZone();
        return PythonTime.strftime(LocalDateTime.now(clock), format);
    }

    /** Hugging Face marks assistant turns with {@code {% generation %}} to find them later; the text is the body's. */
    private static final class Generation implements Tag {
        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder body = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                body.append(child.render(interpreter).getValue());
            }
            return body.toString();
        }
    }
}
