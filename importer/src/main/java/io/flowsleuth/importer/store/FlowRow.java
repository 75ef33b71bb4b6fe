package io.flowsleuth.importer.store;

import io.flowsleuth.model.FlowRecord;

/**
 * One stored record: its id ({@code source id << 32 | line}), the record, and the value of the sort
 * column it was read with (for keyset paging; a Long, a String for text columns, or null).
 */
public record FlowRow(long id, FlowRecord record, Object sortValue) {
    public int sourceId() {
        return (int) (id >>> 32);
    }

    public long line() {
        return id & 0xFFFF_FFFFL;
    }
}
