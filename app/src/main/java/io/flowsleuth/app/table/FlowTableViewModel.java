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
    private final LongProperty matching = new SimpleLongProperty(-1);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<Field> fields = FXCollections.observableArrayList();
    private final ObjectProperty<CellFormat> format = new SimpleObjectProperty<>(CellFormat.defaults());
    private final ObjectProperty<FlowRecord> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<RowData> selectedData = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Field> sortField = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper sortDescending = new ReadOnlyBooleanWrapper();
    private String filter = "";
    private long generation;
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

    public FlowTableViewModel(TaskExecutor executor) {
        this.executor = executor;
    }

    /** The case's row sources; null when no case is open (the table is empty). */
    public ObjectProperty<RowSourceFactory> sourcesProperty() {
        return sources;
    }

    public ReadOnlyObjectProperty<PagedRowList> itemsProperty() {
        return items.getReadOnlyProperty();
    }

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
        executor.execute(BackgroundTask.<Long>of("Refreshing", ctx -> list.source().count()).onSuccess(n -> {
            if (gen == generation && list == items.get()) {
                list.refresh(n);
                matching.set(n);
            }
        }).onFailure(e -> {
            if (gen == generation) {
                error.set(message(e));
            }
        }));
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
