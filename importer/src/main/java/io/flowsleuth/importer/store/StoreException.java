package io.flowsleuth.importer.store;

/** A case-store failure with a message meant for users (one sentence: what went wrong, what to do). */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
