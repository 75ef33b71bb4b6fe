package io.flowsleuth.app.ui;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.app.details.DetailsViewModel;
import io.flowsleuth.app.filterbar.FilterBarViewModel;
import io.flowsleuth.app.filterbar.LanguageFilterChecker;
import io.flowsleuth.app.imports.ImportJob;
import io.flowsleuth.app.imports.ImportsViewModel;
import io.flowsleuth.app.table.CellFormat;
import io.flowsleuth.app.table.FlowTableViewModel;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.CaseInfo;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's state: the open case and its summary (records, time range, file), the counts the
 * status bar shows, the preferences that change how values look, and the feature view models
 * (filter bar, table, details, imports) wired together: applying a filter reloads the table and
 * the counts, an import refreshes them as records arrive.
 */
public final class MainViewModel {
    private final TaskExecutor executor;
    private final AppPreferences prefs;
    private final CaseServices services;
    private final FilterBarViewModel filterBar;
    private final FlowTableViewModel table;
    private final DetailsViewModel details;
    private final ImportsViewModel imports;

    private final ReadOnlyObjectWrapper<Case> currentCase = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CaseInfo> info = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("FlowSleuth");
    private final ReadOnlyStringWrapper recordsText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper matchingText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timeRangeText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper caseFileText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper demo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ObjectProperty<AppPreferences.Theme> theme = new SimpleObjectProperty<>();
    private final ObjectProperty<AppPreferences.TimeZoneMode> timeZone = new SimpleObjectProperty<>();
    private final ObjectProperty<AppPreferences.TimeMode> timeMode = new SimpleObjectProperty<>();
    private final ObservableList<String> recent = FXCollections.observableArrayList();
    private Path demoFile;
    private long lastRefresh;
    private boolean refreshingInfo;

    public MainViewModel(TaskExecutor executor, AppPreferences prefs, CaseServices services) {
        this.executor = executor;
        this.prefs = prefs;
        this.services = services;
        this.filterBar = new FilterBarViewModel(new LanguageFilterChecker(null), prefs);
        this.table = new FlowTableViewModel(executor);
        this.details = new DetailsViewModel(executor);
        this.imports = new ImportsViewModel(executor);
        theme.set(prefs.theme());
        timeZone.set(prefs.timeZoneMode());
        timeMode.set(prefs.timeMode());
        theme.addListener((o, a, b) -> prefs.setTheme(b));
        timeZone.addListener((o, a, b) -> {
            prefs.setTimeZoneMode(b);
            updateFormat();
        });
        timeMode.addListener((o, a, b) -> {
            prefs.setTimeMode(b);
            updateFormat();
        });
        recent.setAll(prefs.recentCases());

        filterBar.appliedProperty().addListener((o, a, b) -> {
            if (b != null) {
                table.setFilter(b);
            }
        });
        table.matchingProperty().addListener((o, a, b) -> {
            updateCounts();
            updateSelectionMessage();
        });
        table.allSelectedProperty().addListener((o, a, b) -> updateSelectionMessage());
        table.errorProperty().addListener((o, a, b) -> {
            if (!b.isEmpty()) {
                error.set(b);
            }
        });
        table.selectedProperty().addListener((o, a, b) -> details.recordProperty().set(b));
        table.selectedDataProperty().addListener((o, a, b) -> details.sourceProperty().set(
                b == null ? "" : b.where() == null ? "unknown" : b.where()));
        table.formatProperty().addListener((o, a, b) -> details.formatProperty().set(b));
        imports.setOnProgress(p -> {
            long now = System.nanoTime();
            if (now - lastRefresh > 1_000_000_000L) {
                lastRefresh = now;
                refresh();
            }
        });
        imports.addOnFinished(this::importFinished);
        updateFormat();
    }

    public FilterBarViewModel filterBar() {
        return filterBar;
    }

    public FlowTableViewModel table() {
        return table;
    }

    public DetailsViewModel details() {
        return details;
    }

    public ImportsViewModel imports() {
        return imports;
    }

    public AppPreferences preferences() {
        return prefs;
    }

    public TaskExecutor executor() {
        return executor;
    }

    public CaseServices services() {
        return services;
    }

    public ReadOnlyObjectProperty<Case> caseProperty() {
        return currentCase.getReadOnlyProperty();
    }

    public Case currentCase() {
        return currentCase.get();
    }

    public ReadOnlyObjectProperty<CaseInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty recordsTextProperty() {
        return recordsText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty matchingTextProperty() {
        return matchingText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeRangeTextProperty() {
        return timeRangeText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty caseFileTextProperty() {
        return caseFileText.getReadOnlyProperty();
    }

    /** A short informational message for the status bar. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The last error, one sentence (shown in the status bar, and in a dialog for case operations). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty demoProperty() {
        return demo.getReadOnlyProperty();
    }

    /** True while a case is being opened or created. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObjectProperty<AppPreferences.Theme> themeProperty() {
        return theme;
    }

    public ObjectProperty<AppPreferences.TimeZoneMode> timeZoneProperty() {
        return timeZone;
    }

    public ObjectProperty<AppPreferences.TimeMode> timeModeProperty() {
        return timeMode;
    }

    public ObservableList<String> recentCases() {
        return recent;
    }

    public void setMessage(String m) {
        message.set(m == null ? "" : m);
        if (m != null && !m.isEmpty()) {
            error.set("");
        }
    }

    public void setError(String e) {
        error.set(e == null ? "" : e);
    }

    /** The case file of the built-in demo (set by the composition root). */
    public void setDemoFile(Path file) {
        this.demoFile = file;
    }

    public boolean isDemo(Path file) {
        return demoFile != null && file != null && normalise(file).equals(normalise(demoFile));
    }

    private static Path normalise(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        return Path.of(s.endsWith(".mv.db") ? s.substring(0, s.length() - 6) : s);
    }

    // ---- cases

    /** Opens an existing case file. */
    public void openCase(Path file) {
        openWith(() -> Case.openExisting(file), file, null);
    }

    /** Creates (or opens) a case at a path the user named. */
    public void newCase(Path file) {
        openWith(() -> Case.open(file), file, null);
    }

    /** Creates a case and imports files into it once it is open. */
    public void newCaseAndImport(Path file, List<Path> toImport) {
        openWith(() -> Case.open(file), file, toImport);
    }

    /** Opens a case prepared by {@code opener} (the demo). */
    public void openPrepared(Callable<Case> opener, String what) {
        openWith(opener, null, null);
        setMessage(what);
    }

    private void openWith(Callable<Case> opener, Path file, List<Path> thenImport) {
        if (imports.running()) {
            setError("An import is still running; cancel it or wait before opening another case.");
            return;
        }
        busy.set(true);
        executor.execute(BackgroundTask.<Opened>of("Opening case", ctx -> {
            Case c = opener.call();
            try {
                return new Opened(c, c.info());
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }).onSuccess(o -> {
            busy.set(false);
            setCase(o.c(), o.info());
            if (thenImport != null && !thenImport.isEmpty()) {
                importPaths(thenImport, ImportOptions.DEFAULT);
            }
        }).onFailure(e -> {
            busy.set(false);
            error.set(messageOf(e, file));
        }));
    }

    private record Opened(Case c, CaseInfo info) {
    }

    static String messageOf(Throwable e, Path file) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return "Could not open " + (file == null ? "the case" : file) + " (" + t.getClass().getSimpleName() + ").";
        }
        return m;
    }

    private void setCase(Case c, CaseInfo i) {
        Case old = currentCase.get();
        if (old != null && old != c) {
            executor.execute(BackgroundTask.of("Closing case", ctx -> {
                old.close();
                return null;
            }));
        }
        currentCase.set(c);
        boolean isDemo = isDemo(c.file());
        demo.set(isDemo);
        if (!isDemo) {
            prefs.addRecentCase(c.file());
            recent.setAll(prefs.recentCases());
        }
        title.set(c.name() + (isDemo ? " (demo)" : "") + " — FlowSleuth");
        caseFileText.set(c.file().toString());
        filterBar.checkerProperty().set(new LanguageFilterChecker(services.values(c)));
        details.lookupProperty().set(services.details(c));
        applyInfo(i);
        table.sourcesProperty().set(services.rows(c));
        filterBar.clear();
        table.reload();
        setMessage("Opened " + c.name() + ".");
    }

    private void applyInfo(CaseInfo i) {
        info.set(i);
        List<Field> fields = new ArrayList<>();
        for (String name : i.fields()) {
            Field.byName(name).ifPresent(fields::add);
        }
        if (fields.isEmpty()) {
            fields.addAll(Field.DEFAULT_V2);
        }
        if (!fields.equals(table.fields())) {
            table.fields().setAll(fields);
        }
        recordsText.set(String.format(Locale.ROOT, "%,d records", i.records()));
        CellFormat f = table.formatProperty().get();
        timeRangeText.set(i.firstStart() == null ? "no time range yet"
                : f.absoluteTime(i.firstStart()) + "  –  " + f.absoluteTime(i.lastEnd()));
        updateFormat();
        updateCounts();
    }

    private void updateFormat() {
        CaseInfo i = info.get();
        long base = i == null || i.firstStart() == null ? 0 : i.firstStart();
        CellFormat f = new CellFormat(timeZone.get(), timeMode.get(), prefs.humanBytes(), prefs.serviceNames(), base);
        table.formatProperty().set(f);
        details.formatProperty().set(f);
        if (i != null && i.firstStart() != null) {
            timeRangeText.set(f.absoluteTime(i.firstStart()) + "  –  " + f.absoluteTime(i.lastEnd()));
        }
    }

    private void updateCounts() {
        long n = table.matchingProperty().get();
        CaseInfo i = info.get();
        if (currentCase.get() == null) {
            matchingText.set("");
            return;
        }
        if (n < 0) {
            matchingText.set("counting…");
        } else if (table.filter().isEmpty()) {
            matchingText.set("no filter");
        } else {
            matchingText.set(String.format(Locale.ROOT, "%,d matching", n)
                    + (i != null && i.records() > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * n / i.records()) : ""));
        }
    }

    /** The status line's sentence about the selection of every matching record (empty when none). */
    private String selectionMessage = "";

    /** "All 9,876,543 matching records selected" while Ctrl+A's selection stands; gone when it is dropped. */
    private void updateSelectionMessage() {
        if (table.isAllSelected()) {
            long n = table.matchingProperty().get();
            String what = table.filter().isEmpty() ? "records" : "matching records";
            // short enough for the status bar at 1366 px; a copy says itself when there are too many
            String m = n < 0 ? "All " + what + " selected (counting…)"
                    : String.format(Locale.ROOT, "All %,d %s selected", n, what);
            selectionMessage = m;
            setMessage(m);
        } else if (!selectionMessage.isEmpty()) {
            if (message.get().equals(selectionMessage)) {
                message.set("");
            }
            selectionMessage = "";
        }
    }

    /** F5: re-reads the case summary and the table in place. */
    public void refresh() {
        Case c = currentCase.get();
        if (c == null) {
            return;
        }
        if (refreshingInfo) {
            return; // the previous refresh is still reading (a large case during an import)
        }
        refreshingInfo = true;
        executor.execute(BackgroundTask.<CaseInfo>of("Case summary", ctx -> c.info()).onSuccess(i -> {
            if (currentCase.get() == c) {
                applyInfo(i);
            }
        }).onFailure(e -> error.set(messageOf(e, c.file()))).onFinished(() -> refreshingInfo = false));
        table.refresh();
    }

    /** Closes the case (the window shows the empty state). */
    public void closeCase() {
        Case old = currentCase.get();
        if (old == null) {
            return;
        }
        imports.cancelAll();
        currentCase.set(null);
        table.sourcesProperty().set(null);
        table.reload();
        info.set(null);
        demo.set(false);
        title.set("FlowSleuth");
        recordsText.set("");
        timeRangeText.set("");
        caseFileText.set("");
        matchingText.set("");
        details.lookupProperty().set(null);
        executor.execute(BackgroundTask.of("Closing case", ctx -> {
            old.close();
            return null;
        }));
    }

    /** Closes synchronously on exit. */
    public void shutdown() {
        imports.cancelAll();
        Case c = currentCase.get();
        if (c != null) {
            c.close();
        }
    }

    public void forgetRecent(String path) {
        prefs.removeRecentCase(path);
        recent.setAll(prefs.recentCases());
    }

    public boolean recentExists(String path) {
        Path p = Path.of(path);
        return Files.exists(p) || Files.exists(Path.of(path + ".mv.db"));
    }

    // ---- import

    /** Imports into the open case. Returns the job, or null when no case is open. */
    public ImportJob importPaths(List<Path> paths, ImportOptions options) {
        Case c = currentCase.get();
        if (c == null || paths.isEmpty()) {
            return null;
        }
        setMessage("Importing " + paths.size() + (paths.size() == 1 ? " item" : " items") + " into " + c.name() + "…");
        return imports.start(c, paths, options);
    }

    private void importFinished(ImportJob job) {
        refresh();
        if (job.reportProperty().get() != null) {
            setMessage(job.statsProperty().get());
        } else if (job.stateProperty().get() == ImportJob.State.FAILED) {
            setError(job.errorProperty().get());
        }
    }
}
