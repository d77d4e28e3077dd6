package dev.llmsuite.usage;

/** A record on the usage topic that is not a valid usage event; the message is the reason a consumer reports. */
public class InvalidUsageEventException extends Exception {

    public InvalidUsageEventException(String reason) {
        super(reason);
    }

    public InvalidUsageEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
