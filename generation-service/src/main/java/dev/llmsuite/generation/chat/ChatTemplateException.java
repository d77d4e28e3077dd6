package dev.llmsuite.generation.chat;

/**
 * A chat template did not render: it called {@code raise_exception} (the conversation breaks a rule
 * of the model's, such as alternating roles) or it failed (a bug in the template).
 */
public final class ChatTemplateException extends RuntimeException {

    private final boolean raisedByTemplate;

    public ChatTemplateException(String message, boolean raisedByTemplate) {
        super(message);
        this.raisedByTemplate = raisedByTemplate;
    }

    /** True when the template itself rejected the conversation with {@code raise_exception}. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}
