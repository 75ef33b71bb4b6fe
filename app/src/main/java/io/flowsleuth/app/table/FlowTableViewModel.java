package io.flowsleuth.app.table;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
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

    /** Runs the query again from the top (new filter, sort or case). */
    public void reload() {
        long gen = ++generation;
        RowSourceFactory f = sources.get();
        if (counting != null) {
            counting.cancel();
        }
        items.get().dispose();
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
        counting = executor.execute(BackgroundTask.<Counted>of("Counting", ctx -> {
            RowSource src = f.open(flt, sf, desc);
            return new Counted(src, src.count());
        }).onSuccess(c -> {
            if (gen != generation) {
                return;
            }
            error.set("");
            PagedRowList list = new PagedRowList(c.source(), executor, c.count());
            list.setOnError(e -> error.set(message(e)));
            items.set(list);
            matching.set(c.count());
            selected.set(null);
        }).onFailure(e -> {
            if (gen == generation) {
                error.set(message(e));
                items.set(new PagedRowList(EMPTY_SOURCE, executor, 0));
                matching.set(0);
            }
        }).onFinished(() -> {
            if (gen == generation) {
                loading.set(false);
            }
        }));
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
