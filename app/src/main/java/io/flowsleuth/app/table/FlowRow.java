package io.flowsleuth.app.table;

import io.flowsleuth.model.FlowRecord;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One line of the table: its position and, once its page has arrived from the store, its record.
 * Light by design: a row object exists only for rows of cached pages; cells observe {@link #record}
 * so a page that arrives later fills the rows already on screen.
 */
public final class FlowRow {
    private final long index;
    private final ReadOnlyObjectWrapper<FlowRecord> record = new ReadOnlyObjectWrapper<>(this, "record");
    private RowData data;

    public FlowRow(long index) {
        this.index = index;
    }

    public long index() {
        return index;
    }

    /** The record, or null while its page is loading. */
    public FlowRecord record() {
        return record.get();
    }

    public ReadOnlyObjectProperty<FlowRecord> recordProperty() {
        return record.getReadOnlyProperty();
    }

    /** The record with its source, or null while loading. */
    public RowData data() {
        return data;
    }

    void setData(RowData d) {
        data = d;
        record.set(d == null ? null : d.record());
    }

    @Override
    public String toString() {
        FlowRecord r = record.get();
        return r == null ? "row " + index + " (loading)" : r.toLine();
    }
}
