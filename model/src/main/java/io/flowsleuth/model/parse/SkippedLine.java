package io.flowsleuth.model.parse;

/** A line that was not a record: where it was, why, and (the start of) its text. */
public record SkippedLine(String source, long line, String reason, String text) {
    public static final int MAX_TEXT = 200;

    public SkippedLine {
        if (text != null && text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "…";
        }
    }

    /** {@code file:line: reason}. */
    @Override
    public String toString() {
        return source + ":" + line + ": " + reason;
    }
}
