package io.flowsleuth.model.parse;

/** A line that is not a record of the expected format; the message is the reason shown to users. */
public final class LineParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public LineParseException(String reason) {
        super(reason, null, false, false);
    }
}
