package io.flowsleuth.app.table;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the record table: the query (filter and sort), the matching count from the store, the
 * paged item list, the columns the case has, the display format and the selected record. Every
 * store call runs through the {@link TaskExecutor}; answers to an outdated query are dropped.
 */
public final class FlowTableViewModel {
    private final TaskExecutor executor;
    private final ObjectProperty<RowSourceFactory> sources = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<PagedRowList> items = new ReadOnlyObjectWrapper<>(
            new PagedRowList(EMPTY_SOURCE, null, 0));
    private int windowCapacity = Integer.getInteger("flowsleuth.table.window", DEFAULT_WINDOW);
    private final ReadOnlyObjectWrapper<WindowedRowList> window = new ReadOnlyObjectWrapper<>(
            new WindowedRowList(items.get(), windowCapacity));
    private final LongProperty matching = new SimpleLongProperty(-1);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<Field> fields = FXCollections.observableArrayList();
    private final ObjectProperty<CellFormat> format = new SimpleObjectProperty<>(CellFormat.defaults());
    private final ObjectProperty<FlowRecord> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<RowData> selectedData = new SimpleObjectProperty<>();
    /** Time order by default: the store answers any position of it quickly (minute rollups), and it is how people read logs. */
    private final ReadOnlyObjectWrapper<Field> sortField = new ReadOnlyObjectWrapper<>(Field.START);
    private final ReadOnlyBooleanWrapper sortDescending = new ReadOnlyBooleanWrapper();
    private String filter = "";
    private long generation;
    private boolean refreshing;
    private BackgroundTask<?> counting;
    private final ReadOnlyBooleanWrapper allSelected = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper copying = new ReadOnlyBooleanWrapper();
    private BackgroundTask<?> copyTask;
    /** The current query's rows, once opened (null before). */
    private RowSource currentSource;

    private static final RowSource EMPTY_SOURCE = new RowSource() {
        @Override
        public long count() {
            return 0;
        }

        @Override
        public java.util.List<RowData> rows(long offset, int limit) {
            return java.util.List.of();
        }
    };

    /**
     * Rows the table holds at a time (see {@link RowWindow}): large enough that a user never meets
     * its edge between two re-centrings, small enough that JavaFX's per-layout walk over the rows
     * stays a few milliseconds. Chosen with {@code GuiBenchmark} on a 10M-record case.
     */
    public static final int DEFAULT_WINDOW = 50_000;

    public FlowTableViewModel(TaskExecutor executor) {
        this.executor = executor;
        items.addListener((o, a, b) -> window.set(new WindowedRowList(b, windowCapacity)));
    }

    /**
     * The table's items: a window of at most {@link #windowCapacity()} rows onto {@link #items()}, a
     * new one (at the top of the result) for every new query. Positions in it are window positions;
     * {@link WindowedRowList#toGlobal(int)} gives the row's position in the whole result.
     */
    public ReadOnlyObjectProperty<WindowedRowList> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public WindowedRowList window() {
        return window.get();
    }

    public int windowCapacity() {
        return windowCapacity;
    }

    /** Changes how many rows the table holds at a time (tests use small windows); the window restarts at the top. */
    public void setWindowCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window capacity must be positive: " + capacity);
        }
        windowCapacity = capacity;
        window.set(new WindowedRowList(items.get(), capacity));
    }

    /** The case's row sources; null when no case is open (the table is empty). */
    public ObjectProperty<RowSourceFactory> sourcesProperty() {
        return sources;
    }

    public ReadOnlyObjectProperty<PagedRowList> itemsProperty() {
        return items.getReadOnlyProperty();
    }

    /** The whole result of the current query; its positions are global row positions. */
    public PagedRowList items() {
        return items.get();
    }

    /** Records matching the current filter, -1 while counting. */
    public ReadOnlyLongProperty matchingProperty() {
        return matching;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The last store error, one sentence; empty when fine. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The fields the case has, in default column order. */
    public ObservableList<Field> fields() {
        return fields;
    }

    public ObjectProperty<CellFormat> formatProperty() {
        return format;
    }

    public ObjectProperty<FlowRecord> selectedProperty() {
        return selected;
    }

    /** The selected row's record with its source file and line. */
    public ObjectProperty<RowData> selectedDataProperty() {
        return selectedData;
    }

    public ReadOnlyObjectProperty<Field> sortFieldProperty() {
        return sortField.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sortDescendingProperty() {
        return sortDescending.getReadOnlyProperty();
    }

    public String filter() {
        return filter;
    }

    /** Shows the records matching a filter (empty: all), from the top. */
    public void setFilter(String f) {
        this.filter = f == null ? "" : f;
        reload();
    }

    /** Sorts by a column (null: natural order) in the store, from the top. Does nothing if unchanged. */
    public void sortBy(Field f, boolean descending) {
        if (f == sortField.get() && (f == null || descending == sortDescending.get())) {
            return;
        }
        sortField.set(f);
        sortDescending.set(descending);
        reload();
    }

    /**
     * Runs the query again from the top (new filter, sort or case). Two reads start together: the
     * first page, and the count. The first page is usually there long before a count that must scan
     * the case (seconds on millions of records): its rows are shown at once in a list of that page's
     * size ({@link #matchingProperty()} stays -1, "counting…"), and the count then grows the same list
     * to the whole result. A count that scans waits until those rows are on screen (at most
     * {@link #COUNT_GRACE_MS}): it keeps every core busy, and the FX thread would otherwise lay out and
     * paint the new rows on what is left of the CPU; a quick count ({@link RowSource#quickCount()}, from
     * the rollups) starts at once. A first page shorter than a page is the whole result, and no count
     * is needed.
     */
    public void reload() {
        long gen = ++generation;
        RowSourceFactory f = sources.get();
        if (counting != null) {
            counting.cancel();
        }
        if (firstRows != null) {
            firstRows.cancel();
        }
        allSelected.set(false);
        cancelCopy();
        items.get().dispose();
        currentSource = null;
        waitingCount = null;
        if (f == null) {
            items.set(new PagedRowList(EMPTY_SOURCE, executor, 0));
            matching.set(0);
            selected.set(null);
            return;
        }
        String flt = filter;
        Field sf = sortField.get();
        boolean desc = sortDescending.get();
        loading.set(true);
        matching.set(-1);
        CountDownLatch shown = new CountDownLatch(1);
        // set when the first page turned out to be the whole result: then nothing is counted
        AtomicBoolean complete = new AtomicBoolean();
        int page = PagedRowList.DEFAULT_PAGE_SIZE;
        firstRows = executor.execute(BackgroundTask.<FirstRows>of("First rows", ctx -> {
            RowSource src = f.open(flt, sf, desc);
            return new FirstRows(src, src.rows(0, page + 1));
        }).onSuccess(r -> {
            if (gen != generation) {
                return;
            }
            if (waitingCount != null) {
                // the count came first and waited for these rows: one list of the whole result, its
                // first rows with their values
                Counted c = waitingCount;
                waitingCount = null;
                showCounted(c, r.rows());
                return;
            }
            currentSource = currentSource == null ? r.source() : currentSource;
            PagedRowList now = items.get();
            if (matching.get() >= 0) {
                // the count came first and its list is on screen: these rows save its first fetch
                now.seedFirstPage(r.rows());
                return;
            }
            error.set("");
            boolean whole = r.rows().size() <= page; // the first page is the whole result
            int n = Math.min(page, r.rows().size());
            PagedRowList list = new PagedRowList(r.source(), executor, n);
            list.setOnError(e -> error.set(message(e)));
            // the rows have their values before the table sees them: it lays them out and paints them
            // once (rows shown as loading first, then filled, took two frames that each changed every row)
            list.seedFirstPage(r.rows());
            items.set(list);
            selected.set(null);
            if (whole) {
                complete.set(true);
                shown.countDown();
                matching.set(n);
                loading.set(false);
            } else {
                afterRowsShown.accept(shown::countDown);
            }
        }).onFailure(e -> {
            shown.countDown(); // the count reports the store's error
            if (gen == generation && waitingCount != null) {
                Counted c = waitingCount;
                waitingCount = null;
                showCounted(c, null); // its list reads its first page itself
            } else if (gen == generation) {
                items.get().fetchFirstPage(); // a list the count made waits for these rows
            }
        }));
        counting = executor.execute(BackgroundTask.<Counted>of("Counting", ctx -> {
            RowSource src = f.open(flt, sf, desc);
            if (!src.quickCount()) {
                shown.await(COUNT_GRACE_MS, TimeUnit.MILLISECONDS);
            }
            if (ctx.isCancelled() || complete.get()) {
                return null;
            }
            return new Counted(src, src.count());
        }).onCancelRequested(shown::countDown).onSuccess(c -> {
            if (gen != generation || c == null || complete.get()) {
                return;
            }
            error.set("");
            PagedRowList now = items.get();
            if (currentSource != null && now.source() == currentSource) {
                // the first rows are on screen (an import's refresh may have sized them already):
                // the same list grows to the whole result
                if (c.count() < now.size()) {
                    now.refresh(c.count());
                } else {
                    now.extend(c.count());
                }
                matching.set(c.count());
                return;
            }
            matching.set(c.count());
            if (firstRows != null && !firstRows.isDone()) {
                // the first rows are being read (a sorted first page scans the case): the new list
                // waits for them, up to FIRST_ROWS_WAIT_MS, so that the table shows its new rows once,
                // with their values (rows shown loading and then filled took two frames that each
                // changed every row on screen); the status bar has the count meanwhile
                waitingCount = c;
                executor.execute(BackgroundTask.<Void>of("Waiting for the first rows", ctx -> {
                    Thread.sleep(FIRST_ROWS_WAIT_MS);
                    return null;
                }).onSuccess(x -> {
                    if (gen == generation && waitingCount == c) {
                        waitingCount = null;
                        showCounted(c, null);
                    }
                }));
                return;
            }
            showCounted(c, null);
        }).onFailure(e -> {
            if (gen == generation) {
                error.set(message(e));
                items.set(new PagedRowList(EMPTY_SOURCE, executor, 0));
                matching.set(0);
            }
        }).onFinished(() -> {
            if (gen == generation && matching.get() >= 0) {
                loading.set(false);
            }
        }));
    }

    /** Longest time a count waits for the query's first rows to be on screen before it starts anyway. */
    public static final long COUNT_GRACE_MS = 600;

    /** Longest time a count that came first waits for the first rows before its list is shown without them. */
    public static final long FIRST_ROWS_WAIT_MS = 300;

    /** A count that came before the first rows, waiting for them (FX thread only). */
    private Counted waitingCount;

    /**
     * Shows the whole result of a count: a new list of its size, with {@code first} as its first rows
     * when they are known, else its first page is read (unless the first rows are still being read:
     * their rows then fill it, not a second read of the same page).
     */
    private void showCounted(Counted c, List<RowData> first) {
        currentSource = c.source();
        PagedRowList list = new PagedRowList(c.source(), executor, c.count());
        list.setOnError(e -> error.set(message(e)));
        if (first != null) {
            list.seedFirstPage(first);
        } else if (firstRows != null && !firstRows.isDone()) {
            list.prepareFirstPage();
        }
        items.set(list);
        matching.set(c.count());
        selected.set(null);
    }

    /**
     * How the view says the rows it was just given are on screen: called with an action to run
     * once they have been laid out and painted. Without a view (tests), at once.
     */
    public void setAfterRowsShown(Consumer<Runnable> hook) {
        this.afterRowsShown = hook == null ? Runnable::run : hook;
    }

    private Consumer<Runnable> afterRowsShown = Runnable::run;
    private BackgroundTask<?> firstRows;

    private record FirstRows(RowSource source, List<RowData> rows) {
    }

    /**
     * Counts again and refreshes the rows in place, keeping the scroll position (F5, and while an
     * import adds records).
     */
    public void refresh() {
        long gen = generation;
        PagedRowList list = items.get();
        if (sources.get() == null) {
            return;
        }
        allSelected.set(false); // the selection stood for the records matching when it was made
        if (refreshing) {
            return; // one count at a time: the next progress tick asks again
        }
        refreshing = true;
        executor.execute(BackgroundTask.<Long>of("Refreshing", ctx -> list.source().count()).onSuccess(n -> {
            if (gen == generation && list == items.get()) {
                list.refresh(n);
                matching.set(n);
            }
        }).onFailure(e -> {
            if (gen == generation) {
                error.set(message(e));
            }
        }).onFinished(() -> refreshing = false));
    }

    // ---- every matching record selected (Ctrl+A)

    /** Copies hold at most this many rows; above it the user is told to export instead. */
    public static final int COPY_LIMIT = 100_000;
    /**
     * Rows read from the store per call while copying: a few calls for the largest copy (each call
     * in time order may have to walk far through the case's time index: 20,409 scattered rows of 10M
     * took 6.2 s in one call, 7.5 s in calls of 5,000), often enough to show progress.
     */
    static final int COPY_CHUNK = 20_000;

    /**
     * True while every record matching the current filter is selected (Ctrl+A), not only the rows
     * the table holds: copies and the export's "selected rows" then take every matching record. A new
     * filter, sort or refresh, and any selection the user makes, drops it.
     */
    public ReadOnlyBooleanProperty allSelectedProperty() {
        return allSelected.getReadOnlyProperty();
    }

    public boolean isAllSelected() {
        return allSelected.get();
    }

    /** Selects every record matching the current filter; false (nothing selected) when no case is open or nothing matches. */
    public boolean selectAll() {
        if (sources.get() == null || matching.get() == 0) {
            return false;
        }
        allSelected.set(true);
        return true;
    }

    /** Drops the selection of every matching record (the user selected something else). */
    public void clearAllSelected() {
        allSelected.set(false);
    }

    /** True while a copy of every matching record is being read. */
    public ReadOnlyBooleanProperty copyingProperty() {
        return copying.getReadOnlyProperty();
    }

    /** The sentence shown when the selection is too large for the clipboard. */
    String tooManyToCopy(long n) {
        String what = filter.isEmpty() ? "records" : "matching records";
        return String.format(Locale.ROOT, "%s %s are more than the %,d rows a copy can hold; "
                + "use File > Export (Ctrl+E) to save them.", n < 0 ? "The" : String.format(Locale.ROOT, "All %,d", n),
                what, COPY_LIMIT);
    }

    /**
     * Copies every record matching the current filter, in the table's order, as displayed text or
     * CSV with these columns: read from the store in a background task (progress and the outcome go to
     * {@code status}), the text handed to {@code clipboard} on the UI thread. Above {@link #COPY_LIMIT}
     * rows nothing is copied and {@code refused} gets the sentence that says to export instead. A new
     * query cancels the copy.
     */
    public void copyAllMatching(boolean csv, List<Field> columns, Consumer<String> clipboard, Consumer<String> status,
            Consumer<String> refused) {
        long n = matching.get();
        RowSource src = currentSource;
        if (n > COPY_LIMIT) {
            refused.accept(tooManyToCopy(n));
            return;
        }
        if (n == 0) {
            status.accept("No record matches the filter; there is nothing to copy.");
            return;
        }
        if (src == null) {
            status.accept("The matching records are still being read; copy again in a moment.");
            return;
        }
        cancelCopy();
        long gen = generation;
        CellFormat fmt = format.get();
        List<Field> cols = List.copyOf(columns);
        String as = csv ? "as CSV" : "as text";
        copying.set(true);
        status.accept(n > 0 ? String.format(Locale.ROOT, "Copying %,d matching rows %s…", n, as)
                : "Copying the matching rows " + as + "…");
        BackgroundTask<Copied> task = BackgroundTask.<Copied>of("Copying rows", ctx -> {
            RowSource.Reader reader = src.reader(COPY_CHUNK);
            List<FlowRecord> rows = new ArrayList<>();
            while (!ctx.isCancelled()) {
                List<RowData> chunk = reader.next();
                if (chunk.isEmpty()) {
                    break;
                }
                for (RowData d : chunk) {
                    rows.add(d.record());
                }
                if (rows.size() > COPY_LIMIT) {
                    return new Copied(null, rows.size());
                }
                ctx.publish((long) rows.size());
            }
            if (ctx.isCancelled()) {
                return null;
            }
            return new Copied(csv ? RowCopy.asCsv(rows, cols) : RowCopy.asText(rows, cols, fmt), rows.size());
        });
        copyTask = task;
        executor.execute(task.onProgress(p -> {
            long read = (Long) p;
            long of = matching.get();
            status.accept(of > 0 ? String.format(Locale.ROOT, "Copying %,d of %,d matching rows %s…", read, of, as)
                    : String.format(Locale.ROOT, "Copying the matching rows %s… %,d read", as, read));
        }).onSuccess(c -> {
            if (gen != generation) {
                return;
            }
            if (c.text() == null) {
                refused.accept(tooManyToCopy(-1));
                return;
            }
            clipboard.accept(c.text());
            status.accept(String.format(Locale.ROOT, "Copied all %,d matching %s %s.", c.rows(),
                    c.rows() == 1 ? "row" : "rows", as));
        }).onFailure(e -> status.accept("Could not read the matching rows to copy: " + message(e)))
                .onCancelled(() -> status.accept("The copy was cancelled: the filter, sort or case changed."))
                .onFinished(() -> {
                    if (copyTask == task) {
                        copying.set(false);
                        copyTask = null;
                    }
                }));
    }

    private void cancelCopy() {
        if (copyTask != null) {
            copyTask.cancel();
            copyTask = null;
            copying.set(false);
        }
    }

    private record Copied(String text, int rows) {
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private record Counted(RowSource source, long count) {
    }
}
