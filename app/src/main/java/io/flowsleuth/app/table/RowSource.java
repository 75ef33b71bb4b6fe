package io.flowsleuth.app.table;

import java.util.List;

/**
 * What the table needs from the store for one query (a filter and a sort order): how many rows
 * match and the rows at a position. Every call runs on a worker thread and may block; the
 * implementation over the case's query service is wired in {@code io.flowsleuth.app.ui.ServiceWiring}.
 */
public interface RowSource {

    /** Number of rows the query matches. */
    long count() throws Exception;

    /**
     * True when {@link #count()} is quick whatever the case's size (answered without reading the rows):
     * then it need not wait for the first rows to be on screen. May block.
     */
    default boolean quickCount() throws Exception {
        return false;
    }

    /** Up to {@code limit} rows starting at row {@code offset} (0-based) in the query's order. */
    List<RowData> rows(long offset, int limit) throws Exception;

    /**
     * Reads the query's rows from the first, in its order, a chunk at a time (copying every matching
     * row). The default reads by position; a store that can continue after the last row read
     * (keyset paging) should, so that reading far into a result costs no more than its start.
     */
    default Reader reader(int chunk) {
        long[] next = {0};
        return () -> {
            List<RowData> r = rows(next[0], chunk);
            next[0] += r.size();
            return r;
        };
    }

    /** The next rows of a sequential read; an empty list at the end. */
    @FunctionalInterface
    interface Reader {
        List<RowData> next() throws Exception;
    }
}
