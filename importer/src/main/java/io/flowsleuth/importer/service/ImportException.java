package io.flowsleuth.importer.service;

/** An import that cannot start (no such path, nothing to import); the message is one sentence for users. */
public class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
