package io.flowsleuth.app.imports;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.importer.service.ImportProgress;
import io.flowsleuth.importer.service.ImportReport;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One running (or finished) import as its progress panel shows it: the file being read, bytes,
 * records, rate, time left and skipped lines, then the report. Updated on the UI thread.
 */
public final class ImportJob {
    public enum State { RUNNING, DONE, CANCELLED, FAILED }

    private final String title;
    private final ReadOnlyStringWrapper file = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stats = new ReadOnlyStringWrapper("starting…");
    private final ReadOnlyStringWrapper skippedText = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.RUNNING);
    private final ReadOnlyObjectWrapper<ImportReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ImportProgress> progress = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper();
    private BackgroundTask<?> task;

    public ImportJob(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    void setTask(BackgroundTask<?> t) {
        this.task = t;
    }

    /** Stops the import after the current batch; records already imported stay. */
    public void cancel() {
        if (task != null && state.get() == State.RUNNING) {
            cancelling.set(true);
            stats.set(stats.get() + "   — cancelling…");
            task.cancel();
        }
    }

    /** A short phase or remark from the work (e.g. a pull's "throttled, retrying in 2 s"). */
    void note(String text) {
        if (state.get() == State.RUNNING && text != null && !text.isBlank()) {
            file.set(text);
        }
    }

    void update(ImportProgress p) {
        progress.set(p);
        String name = p.source() == null ? "" : p.source();
        file.set(p.sourceCount() > 1 ? name + "  (" + p.sourceIndex() + " of " + p.sourceCount() + ")" : name);
        fraction.set(p.fraction());
        stats.set(format(p));
        skippedText.set(p.skipped() > 0 ? String.format(Locale.ROOT, "%,d lines skipped", p.skipped()) : "");
    }

    static String format(ImportProgress p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d records", p.records()));
        if (p.bytesTotal() > 0) {
            sb.append("   ").append(bytes(p.bytesDone())).append(" of ").append(bytes(p.bytesTotal()));
        } else {
            sb.append("   ").append(bytes(p.bytesDone()));
        }
        sb.append(String.format(Locale.ROOT, "   %,.0f records/s", p.recordsPerSecond()));
        if (p.secondsLeft() >= 0) {
            sb.append("   ").append(duration(p.secondsLeft())).append(" left");
        }
        return sb.toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n / 1024.0;
        String[] u = {"KB", "MB", "GB", "TB"};
        int i = 0;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, u[i]);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    void finish(ImportReport r) {
        report.set(r);
        fraction.set(1);
        state.set(r.cancelled() ? State.CANCELLED : State.DONE);
        stats.set(summary(r));
        skippedText.set(r.skipped() > 0 ? String.format(Locale.ROOT, "%,d lines skipped", r.skipped()) : "");
    }

    static String summary(ImportReport r) {
        return String.format(Locale.ROOT, "%s %,d records from %d %s in %s (%,.0f records/s)",
                r.cancelled() ? "Cancelled after" : "Imported", r.records(), r.sources().size(),
                r.sources().size() == 1 ? "source" : "sources", duration(r.seconds()), r.recordsPerSecond());
    }

    void fail(String message) {
        error.set(message);
        state.set(State.FAILED);
        stats.set(message);
        fraction.set(0);
    }

    void cancelledBeforeReport() {
        state.set(State.CANCELLED);
        stats.set("Cancelled.");
    }

    public ReadOnlyStringProperty fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statsProperty() {
        return stats.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty skippedTextProperty() {
        return skippedText.getReadOnlyProperty();
    }

    /** Fraction of bytes done, or -1 when unknown (indeterminate bar). */
    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImportReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImportProgress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty cancellingProperty() {
        return cancelling.getReadOnlyProperty();
    }
}
