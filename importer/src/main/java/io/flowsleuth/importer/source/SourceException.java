package io.flowsleuth.importer.source;

import java.io.IOException;

/** A source that cannot be read as flow logs; the message says what it is and what to do. */
public class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
