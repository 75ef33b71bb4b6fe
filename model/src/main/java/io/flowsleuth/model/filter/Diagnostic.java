package io.flowsleuth.model.filter;

/**
 * An error or warning about a filter, with where it is in the text.
 *
 * @param severity   error (the filter cannot run) or warning (it runs but is suspicious)
 * @param span       the characters concerned, {@code start..end}
 * @param message    one sentence for the user
 * @param suggestion a replacement for the text at {@code span} ("did you mean"), or null
 */
public record Diagnostic(Severity severity, Span span, String message, String suggestion) {

    public enum Severity { ERROR, WARNING }

    public int start() {
        return span.start();
    }

    public int end() {
        return span.end();
    }

    /** The message, with the suggestion appended as a question when there is one. */
    public String fullMessage() {
        return suggestion == null || message.contains("did you mean") ? message : message + "; did you mean \"" + suggestion + "\"?";
    }

    /**
     * The filter text with carets under the span and the message below, for a terminal:
     * <pre>
     * dsport == 22
     * ^^^^^^ unknown field "dsport"; did you mean "dstport"?
     * </pre>
     */
    public String render(String filterText) {
        String line = filterText.replace('\n', ' ').replace('\t', ' ');
        int s = Math.min(span.start(), line.length());
        int len = Math.max(1, Math.min(span.end(), line.length()) - s);
        return line + "\n" + " ".repeat(s) + "^".repeat(len) + " " + (severity == Severity.WARNING ? "warning: " : "")
                + fullMessage();
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase() + " at " + span + ": " + fullMessage();
    }
}
