package io.flowsleuth.importer.service;

/** A case that cannot be opened or used; the message is one sentence for users. */
public class CaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
