package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.importer.store.FlowQuery;
import io.flowsleuth.importer.store.FlowRow;
import io.flowsleuth.importer.store.SourceRow;
import io.flowsleuth.importer.store.StoreException;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.ValueSource;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Filtered views of a case for the table, the CLI and exports: counts, pages in a sort order (keyset
 * paging, and direct access to any position for the scrollbar), the columns the case has, values for
 * the filter bar's completion, and streaming export. Filters are {@link CompiledFilter}s; an invalid
 * one is rejected with {@link io.flowsleuth.model.filter.FilterException}. Thread-safe.
 */
public final class QueryService implements AutoCloseable {
    private final CaseStore store;
    private final FlowQuery query;
    private final Map<Integer, String> sourcePaths = new HashMap<>();
    private final boolean ownsStore;

    /** Queries over an open case (the caller keeps closing it). */
    public QueryService(Case c) {
        this(c.store(), false);
    }

    /** Queries over an open case store (the caller keeps closing it). */
    public QueryService(CaseStore store) {
        this(store, false);
    }

    private QueryService(CaseStore store, boolean owns) {
        this.store = store;
        this.query = new FlowQuery(store);
        this.ownsStore = owns;
    }

    /**
     * Opens an existing case (path with or without {@code .mv.db}) for querying; {@link #close()} closes it.
     *
     * @throws io.flowsleuth.importer.store.StoreException with a one-sentence message when there is no case there
     */
    public static QueryService open(java.nio.file.Path casePath) {
        return guard(() -> new QueryService(CaseStore.openExisting(casePath), true));
    }

    /** Store failures reach callers as {@link QueryException} with the store's one-sentence message. */
    private static <T> T guard(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (StoreException e) {
            throw new QueryException(e.getMessage(), e);
        }
    }

    /** Closes the case when this service opened it. */
    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    /** Compiles a filter (convenience for callers that hold text). */
    public static CompiledFilter compile(String filter) {
        return CompiledFilter.compile(filter);
    }

    /** The number of records the filter matches. */
    public long count(CompiledFilter filter) {
        var e = filter.orThrow().expr();
        return guard(() -> query.count(e));
    }

    /** True when {@link #count(CompiledFilter)} answers from the case's rollups, without reading its records. */
    public boolean countIsQuick(CompiledFilter filter) {
        var e = filter.orThrow().expr();
        return guard(() -> query.countIsQuick(e));
    }

    public long count(String filter) {
        return count(compile(filter));
    }

    /** The first page ({@code after} null) or the page after a key. */
    public Page page(CompiledFilter filter, SortOrder sort, PageKey after, int limit) {
        SortOrder s = sort == null ? SortOrder.START : sort;
        var e = filter.orThrow().expr();
        List<FlowRow> rows = guard(() -> query.page(e, s.field(), s.descending(),
                after == null ? null : new FlowQuery.Key(after.sortValue(), after.id()), limit + 1));
        return toPage(rows, limit);
    }

    /** The page starting at a position (0-based) of the filtered, sorted list. */
    public Page pageAt(CompiledFilter filter, SortOrder sort, long position, int limit) {
        SortOrder s = sort == null ? SortOrder.START : sort;
        var e = filter.orThrow().expr();
        List<FlowRow> rows = guard(() -> query.pageAt(e, s.field(), s.descending(), Math.max(0, position), limit + 1));
        return toPage(rows, limit);
    }

    private Page toPage(List<FlowRow> rows, int limit) {
        List<QueryRow> out = new ArrayList<>(Math.min(rows.size(), limit));
        for (int i = 0; i < rows.size() && i < limit; i++) {
            FlowRow r = rows.get(i);
            out.add(new QueryRow(r.id(), r.sourceId(), sourcePath(r.sourceId()), r.line(), r.record(), new PageKey(r.sortValue(), r.id())));
        }
        PageKey next = rows.size() > limit && !out.isEmpty() ? out.get(out.size() - 1).key() : null;
        return new Page(out, next);
    }

    private synchronized String sourcePath(int id) {
        return sourcePaths.computeIfAbsent(id, k -> {
            SourceRow s = store.source(k);
            return s == null ? null : s.path();
        });
    }

    /**
     * The fields the case has values for, in the order of the default format then the others: the
     * columns the table can show and exports write by default.
     */
    public List<Field> columns() {
        List<Field> out = new ArrayList<>();
        for (Field f : Field.DEFAULT_V2) {
            if (store.flowFields().contains(f)) {
                out.add(f);
            }
        }
        for (Field f : Field.values()) {
            if (store.flowFields().contains(f) && !out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Completion for the filter bar: field names, operators, macros and values found in this case, for
     * the text and caret position (see {@link io.flowsleuth.model.filter.FilterCompleter}).
     */
    public io.flowsleuth.model.filter.Completion complete(String text, int caret, int limit) {
        return io.flowsleuth.model.filter.FilterCompleter.complete(text, caret, valueSource(), limit);
    }

    /** Values present in the case, for completion (most frequent first). */
    public ValueSource valueSource() {
        return (f, prefix, limit) -> guard(() -> query.values(f, prefix, limit));
    }

    /**
     * Threads that read and format an export in import order: {@code -Dflowsleuth.exportThreads}, else
     * the cores (two at least, so that reading overlaps writing; four at most). 1 reads on the caller's thread.
     */
    static int exportThreads() {
        return Integer.getInteger("flowsleuth.exportThreads", Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    /**
     * Streams the filtered, sorted records to {@code out} in a format, with bounded memory.
     *
     * @param columns  the fields to write (null or empty: {@link #columns()})
     * @param sort     the order (null: import order, the fastest: the case is stored in it)
     * @param offset   records to skip first
     * @param limit    at most this many records (-1: all)
     * @param progress told every 4096 records and at the end
     * @param cancel   polled now and then; when true the export stops with a CancellationException
     * @return the number of records written
     */
    public long exportTo(CompiledFilter filter, List<Field> columns, SortOrder sort, long offset, long limit, ExportFormat format,
                         OutputStream out, ExportProgress progress, BooleanSupplier cancel) throws IOException {
        var expr = filter.orThrow().expr();
        List<Field> cols = columns == null || columns.isEmpty() ? columns() : columns;
        SortOrder s = sort == null ? SortOrder.IMPORT : sort;
        ExportProgress pr = progress == null ? ExportProgress.NONE : progress;
        // the total is counted only once an export is past its first rows: a short one (a page of 100)
        // must not pay for a count of the whole filter
        long[] total = {-2};
        java.util.function.LongSupplier knownTotal = () -> {
            if (total[0] == -2) {
                long all = guard(() -> query.count(expr));
                total[0] = Math.max(0, all - Math.max(0, offset));
                if (limit >= 0) {
                    total[0] = Math.min(total[0], limit);
                }
            }
            return total[0];
        };
        java.util.function.LongConsumer midway = n -> {
            if (pr != ExportProgress.NONE && n >= 4096) {
                pr.progress(n, knownTotal.getAsLong(), false);
            }
        };
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        boolean extras = store.flowHasExtra() && (columns == null || columns.isEmpty());
        Exporter ex = new Exporter(format, cols, extras, w);
        ex.header();
        int threads = exportThreads();
        if (s == SortOrder.IMPORT && format != ExportFormat.TABLE && threads > 1) {
            // import order: the rows are read and formatted on every core, in id ranges written in order
            w.flush();
            long written;
            try {
                written = query.streamParallel(expr, cols, extras, offset, limit, threads,
                        writer -> new Exporter(format, cols, extras, writer), out,
                        midway, cancel == null ? () -> false : cancel);
            } catch (StoreException e) {
                throw new QueryException(e.getMessage(), e);
            }
            out.flush();
            pr.progress(written, total[0] == -2 ? written : knownTotal.getAsLong(), true);
            return written;
        }
        long[] n = {0};
        long written;
        try {
            written = query.stream(expr, s.field(), s.descending(), offset, limit, cols, extras, (id, view) -> {
                ex.row(id, view);
                if ((++n[0] & 4095) == 0) {
                    midway.accept(n[0]);
                }
            }, cancel == null ? () -> false : cancel);
        } catch (StoreException e) {
            throw new QueryException(e.getMessage(), e);
        }
        ex.finish();
        pr.progress(written, total[0] == -2 ? written : knownTotal.getAsLong(), true);
        return written;
    }
}
