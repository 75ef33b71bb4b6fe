package io.flowsleuth.app.table;

import io.flowsleuth.model.FlowRecord;

/** A record as the table holds it: the record and where it came from (file or pulled source, 1-based line; 0 when unknown). */
public record RowData(FlowRecord record, String sourcePath, long line) {
    public static RowData of(FlowRecord r) {
        return new RowData(r, null, r.line());
    }

    /** {@code path:line}, or null when the source is unknown. */
    public String where() {
        if (sourcePath == null) {
            return null;
        }
        return line > 0 ? sourcePath + ":" + line : sourcePath;
    }
}
