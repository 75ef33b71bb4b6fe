package io.flowsleuth.importer.service;

/** A query or export could not be done (no case at the path, a damaged case ...): one sentence for the user. */
public final class QueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
