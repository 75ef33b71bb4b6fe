package io.flowsleuth.app.table;

import io.flowsleuth.model.Field;

/** Opens a {@link RowSource} for a filter and a sort order over the open case. */
@FunctionalInterface
public interface RowSourceFactory {
    /**
     * @param filter     the filter expression, empty for every record
     * @param sortField  the column to sort by, or null for the store's natural order (time of import)
     * @param descending sort direction
     */
    RowSource open(String filter, Field sortField, boolean descending);
}
