package io.flowsleuth.app.table;

import java.util.List;

/**
 * What the table needs from the store for one query (a filter and a sort order): how many rows
 * match and the rows at a position. Both calls run on a worker thread and may block; the
 * implementation over the case's query service lives in {@link CaseRowSource}.
 */
public interface RowSource {

    /** Number of rows the query matches. */
    long count() throws Exception;

    /** Up to {@code limit} rows starting at row {@code offset} (0-based) in the query's order. */
    List<RowData> rows(long offset, int limit) throws Exception;
}
