package io.flowsleuth.model.filter;

/** Thrown by the parser at the first syntax error; the compiler turns it into a {@link Diagnostic}. */
final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Span span;

    FilterSyntaxException(String message, Span span) {
        super(message, null, false, false);
        this.span = span;
    }

    Span span() {
        return span;
    }
}
