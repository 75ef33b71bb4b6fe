package io.flowsleuth.model.filter;

/** A filter with errors used where a valid one is needed; the message is the first error. */
public final class FilterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient CompiledFilter filter;

    public FilterException(CompiledFilter filter) {
        super("invalid filter at " + filter.firstError().span() + ": " + filter.firstError().fullMessage());
        this.filter = filter;
    }

    public CompiledFilter filter() {
        return filter;
    }

    /** The filter text with carets under the error and the message. */
    public String render() {
        return filter.renderErrors();
    }
}
