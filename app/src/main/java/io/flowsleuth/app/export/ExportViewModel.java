package io.flowsleuth.app.export;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The export dialog's state: scope (all matching records or the selected rows), format, columns
 * (visible or all), target file, and the running export's progress with cancel.
 */
public final class ExportViewModel {
    private final TaskExecutor executor;
    private final ExportRunner runner;
    private final String filter;
    private final Field sortField;
    private final boolean descending;
    private final long matching;
    private final List<FlowRecord> selected;
    private final boolean allSelected;
    private final List<Field> visibleColumns;
    private final List<Field> allColumns;

    private final BooleanProperty selectedOnly = new SimpleBooleanProperty(false);
    private final BooleanProperty allFields = new SimpleBooleanProperty(false);
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.CSV);
    private final StringProperty file = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private BackgroundTask<Long> task;

    public ExportViewModel(TaskExecutor executor, ExportRunner runner, String filter, Field sortField, boolean descending,
            long matching, List<FlowRecord> selected, List<Field> visibleColumns, List<Field> allColumns) {
        this(executor, runner, filter, sortField, descending, matching, selected, false, visibleColumns, allColumns);
    }

    /**
     * @param allSelected every record matching the filter is selected (Ctrl+A): "selected rows" then
     *                    exports all of them through the streaming export, as "all matching" does,
     *                    and {@code selected} is not used
     */
    public ExportViewModel(TaskExecutor executor, ExportRunner runner, String filter, Field sortField, boolean descending,
            long matching, List<FlowRecord> selected, boolean allSelected, List<Field> visibleColumns,
            List<Field> allColumns) {
        this.executor = executor;
        this.allSelected = allSelected;
        this.runner = runner;
        this.filter = filter == null ? "" : filter;
        this.sortField = sortField;
        this.descending = descending;
        this.matching = matching;
        this.selected = List.copyOf(selected);
        this.visibleColumns = List.copyOf(visibleColumns);
        this.allColumns = List.copyOf(allColumns);
        format.addListener((o, a, b) -> {
            String f = file.get();
            if (f != null && a != null && f.endsWith("." + a.extension())) {
                file.set(f.substring(0, f.length() - a.extension().length()) + b.extension());
            }
        });
    }

    public BooleanProperty selectedOnlyProperty() {
        return selectedOnly;
    }

    public BooleanProperty allFieldsProperty() {
        return allFields;
    }

    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    public StringProperty fileProperty() {
        return file;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String filter() {
        return filter;
    }

    /** Records matching the filter, -1 while they are still being counted. */
    public long matching() {
        return matching;
    }

    /** Rows the "selected rows" choice exports: every matching record when all are selected. */
    public long selectedCount() {
        return allSelected ? matching : selected.size();
    }

    /** True when every record matching the filter is selected. */
    public boolean allSelected() {
        return allSelected;
    }

    public List<Field> columns() {
        return allFields.get() ? allColumns : visibleColumns;
    }

    /** Starts the export; false (with the reason in the status) when the choices are incomplete. */
    public boolean start() {
        if (running.get()) {
            return false;
        }
        String f = file.get() == null ? "" : file.get().strip();
        if (f.isEmpty()) {
            status.set("Choose a file to export to.");
            return false;
        }
        boolean rowsOnly = selectedOnly.get() && !allSelected;
        if (rowsOnly && selected.isEmpty()) {
            status.set("No rows are selected; export all matching records or select rows first.");
            return false;
        }
        long total = rowsOnly ? selected.size() : matching;
        ExportRunner.Request req = new ExportRunner.Request(filter, sortField, descending, columns(), format.get(),
                Path.of(f), rowsOnly ? selected : null);
        running.set(true);
        done.set(false);
        progress.set(total > 0 ? 0 : -1);
        status.set("Exporting…");
        long t0 = System.nanoTime();
        task = BackgroundTask.<Long>of("Export", ctx -> runner.run(req, n -> ctx.publish(n), ctx::isCancelled));
        task.onProgress(p -> {
            long n = (Long) p;
            double secs = (System.nanoTime() - t0) / 1e9;
            progress.set(total > 0 ? Math.min(1, n / (double) total) : -1);
            status.set(total > 0 ? String.format(Locale.ROOT, "%,d of %,d records written   %,.0f records/s", n, total,
                    secs > 0 ? n / secs : 0)
                    : String.format(Locale.ROOT, "%,d records written   %,.0f records/s", n, secs > 0 ? n / secs : 0));
        }).onSuccess(n -> {
            double secs = (System.nanoTime() - t0) / 1e9;
            progress.set(1);
            done.set(true);
            status.set(String.format(Locale.ROOT, "Exported %,d records to %s in %.1f s.", n, f, secs));
        }).onFailure(e -> {
            progress.set(0);
            status.set("The export failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }).onCancelled(() -> {
            progress.set(0);
            status.set("Export cancelled; the file " + f + " is incomplete.");
        }).onFinished(() -> running.set(false));
        executor.execute(task);
        return true;
    }

    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
        }
    }
}
