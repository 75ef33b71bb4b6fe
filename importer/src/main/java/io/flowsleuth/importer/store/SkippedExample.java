package io.flowsleuth.importer.store;

/** A stored example of a skipped line: source, line number, reason and (the start of) the text. */
public record SkippedExample(int sourceId, String path, long line, String reason, String text) {
    /** {@code path:line: reason}. */
    @Override
    public String toString() {
        return path + ":" + line + ": " + reason;
    }
}
