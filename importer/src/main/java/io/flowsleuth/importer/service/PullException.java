package io.flowsleuth.importer.service;

/** A pull that could not start or go on, with one sentence for the user (what went wrong, what to do). */
public final class PullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem, for a GUI that offers the right next step. */
    public enum Kind { CREDENTIALS, ACCESS_DENIED, NOT_FOUND, NETWORK, THROTTLED, INVALID, OTHER }

    private final Kind kind;

    public PullException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
