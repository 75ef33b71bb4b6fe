package io.flowsleuth.model.filter;

/** A character range {@code [start, end)} in the filter text. */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    public static Span of(Span a, Span b) {
        return new Span(Math.min(a.start, b.start), Math.max(a.end, b.end));
    }

    public int length() {
        return end - start;
    }

    @Override
    public String toString() {
        return start + ".." + end;
    }
}
