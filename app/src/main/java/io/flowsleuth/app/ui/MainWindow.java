package io.flowsleuth.app.ui;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import atlantafx.base.theme.Styles;
import io.flowsleuth.app.details.DetailsView;
import io.flowsleuth.app.filterbar.FilterBarView;
import io.flowsleuth.app.imports.FormatDialog;
import io.flowsleuth.app.imports.FormatPreviewModel;
import io.flowsleuth.app.imports.ImportJob;
import io.flowsleuth.app.imports.ImportSummaryDialog;
import io.flowsleuth.app.imports.ImportsView;
import io.flowsleuth.app.table.FlowTableView;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.SourceReport;
import io.flowsleuth.importer.service.SourceStatus;
import io.flowsleuth.model.FlowFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The workbench window: menu bar, toolbar, demo banner, filter bar, the record table over the
 * details pane, import progress panels and the status bar. Built in code; all state lives in
 * {@link MainViewModel}. Keyboard: Ctrl+O open, Ctrl+I import, Ctrl+F or / filter, Ctrl+E export,
 * Ctrl+C copy, Ctrl+A select all matching records, F5 refresh (shown in the menus).
 */
public final class MainWindow extends BorderPane {
    private final MainViewModel vm;
    private final ThemeManager themes;
    private final FilterBarView filterBar;
    private final FlowTableView tableView;
    private final DetailsView detailsView;
    private final SplitPane split;
    private final Menu recentMenu = new Menu("Open _Recent");
    private Stage stage;
    private Consumer<MainWindow> exportAction = w -> { };
    private final List<MenuItem> extraFileItems = new ArrayList<>();
    private final Menu fileMenu = new Menu("_File");
    private int extraInsertIndex;

    public MainWindow(MainViewModel vm, ThemeManager themes) {
        this.vm = vm;
        this.themes = themes;
        getStyleClass().add("main-window");
        filterBar = new FilterBarView(vm.filterBar());
        tableView = new FlowTableView(vm.table());
        detailsView = new DetailsView(vm.details());
        tableView.setFilterAction((how, clause) -> {
            if (clause != null) {
                vm.filterBar().combine(how, clause);
            }
        });
        detailsView.setFilterAction((how, clause) -> {
            if (clause != null) {
                vm.filterBar().combine(how, clause);
            }
        });
        tableView.setStatusSink(vm::setMessage);
        tableView.setCopyRefusedAction(this::offerExport);

        split = new SplitPane(tableView, detailsView);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(vm.preferences().getDouble("split.details", 0.66));
        SplitPane.setResizableWithParent(detailsView, false);
        split.getDividers().get(0).positionProperty().addListener((o, a, b) ->
                vm.preferences().putDouble("split.details", b.doubleValue()));

        VBox top = new VBox(menuBar(), toolBar(), demoBanner(), filterBar);
        setTop(top);
        setCenter(split);
        ImportsView importsView = new ImportsView(vm.imports());
        importsView.setOnShowSummary(j -> showSummary(j.reportProperty().get()));
        setBottom(new VBox(importsView, new StatusBar(vm)));

        vm.caseProperty().addListener((o, a, c) -> caseChanged());
        vm.recentCases().addListener((ListChangeListener<String>) ch -> rebuildRecent());
        vm.imports().addOnFinished(this::importFinished);
        rebuildRecent();
        caseChanged();
        setupDragAndDrop();
        addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if ("/".equals(e.getCharacter()) && !(e.getTarget() instanceof TextInputControl)) {
                filterBar.focusField();
                e.consume();
            }
        });
    }

    public FilterBarView filterBar() {
        return filterBar;
    }

    public FlowTableView tableView() {
        return tableView;
    }

    public DetailsView detailsView() {
        return detailsView;
    }

    public MainViewModel viewModel() {
        return vm;
    }

    /** The stage the window lives in (set by the launcher). */
    public void attach(Stage s) {
        this.stage = s;
        s.titleProperty().bind(vm.titleProperty());
    }

    public Stage stage() {
        return stage;
    }

    /** What File > Export does (the export feature registers itself). */
    public void setExportAction(Consumer<MainWindow> action) {
        this.exportAction = action;
    }

    /** Adds items to the File menu after the import items (pull dialogs). */
    public void addFileItems(MenuItem... items) {
        fileMenu.getItems().addAll(extraInsertIndex, List.of(items));
        extraInsertIndex += items.length;
    }

    private void caseChanged() {
        boolean open = vm.currentCase() != null;
        tableView.setPlaceholderText(open ? "No record matches this filter." : "No case is open. Use File > Open case (Ctrl+O) or "
                + "File > New case, then import flow logs (Ctrl+I) or drop files here.");
        String layoutKey = open ? vm.currentCase().file().toAbsolutePath().toString() : null;
        if (layoutKey != null) {
            tableView.useLayout(vm.preferences().columnLayout(layoutKey),
                    l -> vm.preferences().setColumnLayout(layoutKey, l));
        }
    }

    // ---- menus

    private static MenuItem item(String text, Ikon icon, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private static KeyCombination shortcut(KeyCode c) {
        return new KeyCodeCombination(c, KeyCombination.SHORTCUT_DOWN);
    }

    private MenuBar menuBar() {
        MenuItem newCase = item("_New case…", MaterialDesignF.FILE_PLUS_OUTLINE, shortcut(KeyCode.N), this::newCase);
        MenuItem open = item("_Open case…", MaterialDesignF.FOLDER_OPEN_OUTLINE, shortcut(KeyCode.O), this::openCase);
        MenuItem importFiles = item("_Import files…", MaterialDesignD.DATABASE_IMPORT_OUTLINE, shortcut(KeyCode.I),
                this::importFiles);
        importFiles.setId("menuImport");
        MenuItem importFolder = item("Import _folder…", MaterialDesignF.FOLDER_DOWNLOAD_OUTLINE,
                new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                this::importFolder);
        MenuItem export = item("_Export…", MaterialDesignE.EXPORT, shortcut(KeyCode.E), () -> exportAction.accept(this));
        export.setId("menuExport");
        MenuItem close = item("_Close case", null, shortcut(KeyCode.W), vm::closeCase);
        MenuItem quit = item("_Quit", null, shortcut(KeyCode.Q), () -> {
            if (stage != null) {
                stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
                if (stage.isShowing()) {
                    stage.close();
                }
            }
        });
        MenuItem demoItem = item("Open the _demo case", MaterialDesignB.BOOK_OPEN_PAGE_VARIANT_OUTLINE, null,
                () -> openDemo.run());
        fileMenu.getItems().addAll(newCase, open, recentMenu, demoItem, new SeparatorMenuItem(), importFiles,
                importFolder);
        extraInsertIndex = fileMenu.getItems().size();
        fileMenu.getItems().addAll(new SeparatorMenuItem(), export, new SeparatorMenuItem(), close, quit);
        export.disableProperty().bind(vm.caseProperty().isNull());
        close.disableProperty().bind(vm.caseProperty().isNull());

        MenuItem copyText = item("_Copy rows as text", MaterialDesignF.FILE_DOCUMENT_OUTLINE, shortcut(KeyCode.C),
                () -> tableView.copySelected(false));
        MenuItem copyCsv = item("Copy rows as C_SV", null,
                new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> tableView.copySelected(true));
        MenuItem focus = item("_Filter…", MaterialDesignF.FILTER_OUTLINE, shortcut(KeyCode.F), filterBar::focusField);
        MenuItem focusSlash = item("Filter (/)", null, null, filterBar::focusField);
        focusSlash.setVisible(false);
        MenuItem clear = item("C_lear filter", MaterialDesignF.FILTER_REMOVE_OUTLINE, null, vm.filterBar()::clear);
        MenuItem selectAll = item("Select _All matching records", MaterialDesignS.SELECT_ALL, FlowTableView.SELECT_ALL,
                tableView::selectAllMatching);
        selectAll.setId("menuSelectAll");
        selectAll.disableProperty().bind(vm.caseProperty().isNull());
        Menu edit = new Menu("_Edit", null, copyText, copyCsv, selectAll, new SeparatorMenuItem(), focus, clear);

        ToggleGroup themeGroup = new ToggleGroup();
        RadioMenuItem light = new RadioMenuItem("_Light theme");
        RadioMenuItem dark = new RadioMenuItem("_Dark theme");
        light.setToggleGroup(themeGroup);
        dark.setToggleGroup(themeGroup);
        light.setId("menuLight");
        dark.setId("menuDark");
        light.setSelected(vm.themeProperty().get() == AppPreferences.Theme.LIGHT);
        dark.setSelected(vm.themeProperty().get() == AppPreferences.Theme.DARK);
        light.setOnAction(e -> vm.themeProperty().set(AppPreferences.Theme.LIGHT));
        dark.setOnAction(e -> vm.themeProperty().set(AppPreferences.Theme.DARK));
        vm.themeProperty().addListener((o, a, b) -> (b == AppPreferences.Theme.DARK ? dark : light).setSelected(true));

        ToggleGroup zoneGroup = new ToggleGroup();
        RadioMenuItem utc = new RadioMenuItem("Times in _UTC");
        RadioMenuItem local = new RadioMenuItem("Times in local time (" + java.time.ZoneId.systemDefault() + ")");
        utc.setToggleGroup(zoneGroup);
        local.setToggleGroup(zoneGroup);
        utc.setSelected(vm.timeZoneProperty().get() == AppPreferences.TimeZoneMode.UTC);
        local.setSelected(!utc.isSelected());
        utc.setOnAction(e -> vm.timeZoneProperty().set(AppPreferences.TimeZoneMode.UTC));
        local.setOnAction(e -> vm.timeZoneProperty().set(AppPreferences.TimeZoneMode.LOCAL));
        CheckMenuItem relative = new CheckMenuItem("Times _relative to the start of the case");
        relative.setSelected(vm.timeModeProperty().get() == AppPreferences.TimeMode.RELATIVE);
        relative.setOnAction(e -> vm.timeModeProperty().set(relative.isSelected()
                ? AppPreferences.TimeMode.RELATIVE : AppPreferences.TimeMode.ABSOLUTE));
        CheckMenuItem details = new CheckMenuItem("Details _pane");
        details.setSelected(true);
        details.setOnAction(e -> {
            if (details.isSelected()) {
                if (!split.getItems().contains(detailsView)) {
                    split.getItems().add(detailsView);
                    split.setDividerPositions(vm.preferences().getDouble("split.details", 0.68));
                }
            } else {
                split.getItems().remove(detailsView);
            }
        });
        MenuItem resetColumns = item("Reset _columns", null, null, tableView::resetLayout);
        MenuItem refresh = item("_Refresh", MaterialDesignR.REFRESH, new KeyCodeCombination(KeyCode.F5), vm::refresh);
        Menu view = new Menu("_View", null, light, dark, new SeparatorMenuItem(), utc, local, relative,
                new SeparatorMenuItem(), details, resetColumns, new SeparatorMenuItem(), refresh);

        MenuItem syntax = item("Filter _syntax", MaterialDesignF.FILTER_OUTLINE, new KeyCodeCombination(KeyCode.F1),
                this::showFilterHelp);
        MenuItem keys = item("_Keyboard shortcuts", null, null, this::showKeys);
        MenuItem about = item("_About FlowSleuth", null, null, this::showAbout);
        Menu help = new Menu("_Help", null, syntax, keys, new SeparatorMenuItem(), about);

        MenuBar bar = new MenuBar(fileMenu, edit, view, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private Runnable openDemo = () -> { };

    /** What "Open the demo case" does (set by the launcher, which knows how to build it). */
    public void setOpenDemo(Runnable r) {
        this.openDemo = r;
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (String p : vm.recentCases()) {
            MenuItem m = new MenuItem(p);
            m.setMnemonicParsing(false);
            m.setOnAction(e -> {
                if (vm.recentExists(p)) {
                    vm.openCase(Path.of(p));
                } else {
                    vm.forgetRecent(p);
                    vm.setError("The case " + p + " no longer exists; it was removed from the recent cases.");
                }
            });
            recentMenu.getItems().add(m);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent cases");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    private ToolBar toolBar() {
        Button open = tool(MaterialDesignF.FOLDER_OPEN_OUTLINE, "Open a case (Ctrl+O)", this::openCase);
        Button imp = tool(MaterialDesignD.DATABASE_IMPORT_OUTLINE, "Import flow log files (Ctrl+I)", this::importFiles);
        imp.setId("toolImport");
        Button exp = tool(MaterialDesignE.EXPORT, "Export the filtered records (Ctrl+E)", () -> exportAction.accept(this));
        exp.disableProperty().bind(vm.caseProperty().isNull());
        Button refresh = tool(MaterialDesignR.REFRESH, "Refresh (F5)", vm::refresh);
        Button theme = tool(MaterialDesignW.WEATHER_NIGHT, "Switch between light and dark theme", () ->
                vm.themeProperty().set(vm.themeProperty().get() == AppPreferences.Theme.DARK
                        ? AppPreferences.Theme.LIGHT : AppPreferences.Theme.DARK));
        vm.themeProperty().addListener((o, a, b) -> ((FontIcon) theme.getGraphic()).setIconCode(
                b == AppPreferences.Theme.DARK ? MaterialDesignW.WHITE_BALANCE_SUNNY : MaterialDesignW.WEATHER_NIGHT));
        if (vm.themeProperty().get() == AppPreferences.Theme.DARK) {
            ((FontIcon) theme.getGraphic()).setIconCode(MaterialDesignW.WHITE_BALANCE_SUNNY);
        }
        Button times = tool(MaterialDesignT.TIMER_OUTLINE, "Toggle absolute / relative times", () ->
                vm.timeModeProperty().set(vm.timeModeProperty().get() == AppPreferences.TimeMode.RELATIVE
                        ? AppPreferences.TimeMode.ABSOLUTE : AppPreferences.TimeMode.RELATIVE));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label caseName = new Label();
        caseName.getStyleClass().add(Styles.TEXT_MUTED);
        caseName.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.currentCase() == null ? "" : vm.currentCase().name(), vm.caseProperty()));
        ToolBar tb = new ToolBar(open, imp, exp, new Separator(Orientation.VERTICAL), refresh, times,
                new Separator(Orientation.VERTICAL), theme, grow, caseName);
        tb.getStyleClass().add("main-toolbar");
        return tb;
    }

    private static Button tool(Ikon icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    private Node demoBanner() {
        FontIcon icon = new FontIcon(MaterialDesignI.INFORMATION_OUTLINE);
        Label title = new Label("This is the demo case.");
        title.getStyleClass().add("title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label text = new Label("Built-in sample traffic with an SSH failure, an RDP network-ACL problem and a port scan. "
                + "To look at your own flow logs, create a case and import files or folders (or drop them on the window).");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button own = new Button("New case and import…", new FontIcon(MaterialDesignD.DATABASE_IMPORT_OUTLINE));
        own.getStyleClass().addAll(Styles.ACCENT, Styles.SMALL);
        own.setOnAction(e -> importFiles());
        own.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.control.Hyperlink what = new javafx.scene.control.Hyperlink("What's in it?");
        what.setMinWidth(Region.USE_PREF_SIZE);
        what.setOnAction(e -> alert(Alert.AlertType.INFORMATION, io.flowsleuth.model.gen.DemoData.title(),
                io.flowsleuth.model.gen.DemoData.description()));
        HBox box = new HBox(10, icon, title, text, what, own);
        box.setId("demoBanner");
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("demo-banner");
        box.visibleProperty().bind(vm.demoProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ---- cases and import

    private File initialDir() {
        String last = vm.preferences().get("dir.last", null);
        File f = last == null ? null : new File(last);
        return f != null && f.isDirectory() ? f : null;
    }

    private void rememberDir(File f) {
        if (f != null) {
            vm.preferences().put("dir.last", (f.isDirectory() ? f : f.getParentFile()).getAbsolutePath());
        }
    }

    private static final FileChooser.ExtensionFilter CASES = new FileChooser.ExtensionFilter(
            "FlowSleuth cases (*.mv.db)", "*.mv.db");

    private void openCase() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a case");
        fc.getExtensionFilters().add(CASES);
        fc.setInitialDirectory(initialDir());
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            rememberDir(f);
            vm.openCase(f.toPath());
        }
    }

    private Path askNewCase(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(CASES);
        fc.setInitialDirectory(initialDir());
        fc.setInitialFileName("investigation.mv.db");
        File f = fc.showSaveDialog(stage);
        if (f == null) {
            return null;
        }
        rememberDir(f);
        return f.toPath();
    }

    private void newCase() {
        Path p = askNewCase("Create a case");
        if (p != null) {
            vm.newCase(p);
        }
    }

    private static final FileChooser.ExtensionFilter LOGS = new FileChooser.ExtensionFilter(
            "Flow logs (*.log, *.gz, *.txt, *.json)", "*.log", "*.gz", "*.txt", "*.json", "*.log.gz");
    private static final FileChooser.ExtensionFilter ALL = new FileChooser.ExtensionFilter("All files", "*");

    private void importFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import flow log files");
        fc.getExtensionFilters().addAll(LOGS, ALL);
        fc.setInitialDirectory(initialDir());
        List<File> files = fc.showOpenMultipleDialog(stage);
        if (files != null && !files.isEmpty()) {
            rememberDir(files.get(0));
            importInto(files.stream().map(File::toPath).toList());
        }
    }

    private void importFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Import a folder of flow logs (read recursively)");
        dc.setInitialDirectory(initialDir());
        File d = dc.showDialog(stage);
        if (d != null) {
            rememberDir(d);
            importInto(List.of(d.toPath()));
        }
    }

    /**
     * Imports into the open case; with no case, or the demo open, first asks where to create a case
     * (the user's logs never go into the demo).
     */
    public void importInto(List<Path> paths) {
        if (vm.currentCase() == null || vm.demoProperty().get()) {
            Path p = askNewCase("Create a case for these flow logs");
            if (p != null) {
                vm.newCaseAndImport(p, paths);
            }
            return;
        }
        vm.importPaths(paths, ImportOptions.DEFAULT);
    }

    private void setupDragAndDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                if (!getStyleClass().contains("drop-target")) {
                    getStyleClass().add("drop-target");
                }
            }
            e.consume();
        });
        setOnDragExited(e -> getStyleClass().remove("drop-target"));
        setOnDragDropped(e -> {
            getStyleClass().remove("drop-target");
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                List<Path> paths = e.getDragboard().getFiles().stream().map(File::toPath).toList();
                boolean caseFile = paths.size() == 1 && paths.get(0).toString().endsWith(".mv.db");
                Platform.runLater(() -> {
                    if (caseFile) {
                        vm.openCase(paths.get(0));
                    } else {
                        importInto(paths);
                    }
                });
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private void importFinished(ImportJob job) {
        ImportReport r = job.reportProperty().get();
        if (r == null) {
            if (job.stateProperty().get() == ImportJob.State.FAILED) {
                alert(Alert.AlertType.ERROR, "Import failed", job.errorProperty().get());
            }
            return;
        }
        for (SourceReport s : r.sources()) {
            if (s.status() == SourceStatus.FORMAT_MISMATCH) {
                askFormat(Path.of(s.path()));
                return;
            }
        }
        boolean problems = r.skipped() > 0 || r.sources().stream().anyMatch(s -> s.status() != SourceStatus.COMPLETE
                && s.status() != SourceStatus.ALREADY_IMPORTED);
        if (problems) {
            showSummary(r);
        }
    }

    private void askFormat(Path file) {
        List<String> sample;
        try {
            sample = FormatPreviewModel.sampleLines(file, FormatPreviewModel.SAMPLE_LINES);
        } catch (java.io.IOException e) {
            vm.setError("Could not read " + file + " to preview its format: " + e.getMessage());
            return;
        }
        FormatDialog d = new FormatDialog(stage, file, sample, null);
        themes.styleDialog(d);
        d.showAndWait().ifPresent((FlowFormat f) -> vm.importPaths(List.of(file), ImportOptions.DEFAULT.withFormat(f)));
    }

    private void showSummary(ImportReport r) {
        if (r == null) {
            return;
        }
        ImportSummaryDialog d = new ImportSummaryDialog(stage, r);
        themes.styleDialog(d);
        d.show();
    }

    /** A copy was refused (too many rows): says so and offers the export, which takes any number. */
    private void offerExport(String sentence) {
        vm.setMessage("Nothing copied: too many rows (Ctrl+E exports them)."); // short enough for the status bar
        ButtonType export = new ButtonType("Export…", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.INFORMATION, sentence, export, ButtonType.CLOSE);
        a.initOwner(stage);
        a.setHeaderText("Too many rows to copy");
        themes.styleDialog(a);
        a.setOnHidden(e -> {
            if (a.getResult() == export) {
                exportAction.accept(this);
            }
        });
        a.show();
    }

    private void alert(Alert.AlertType type, String header, String text) {
        Alert a = new Alert(type, text, ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(header);
        themes.styleDialog(a);
        a.show();
    }

    // ---- help

    private void showFilterHelp() {
        Dialog<Void> d = new Dialog<>();
        d.initOwner(stage);
        d.setTitle("Filter syntax");
        d.setHeaderText("Display filters, as in Wireshark");
        Label text = new Label(String.join("\n",
                "Fields by AWS name: srcaddr, dstaddr, srcport, dstport, protocol, action, log-status, interface-id, …",
                "Short names: src, dst, sport, dport, eni, proto, flags;  addr / ip = either address;  port = either port",
                "Compare:  ==  !=  <  <=  >  >=     Sets:  dstport in {22, 3389, 8000..8100}",
                "Networks:  src == 10.0.0.0/16     addr in {10.0.0.0/8, 2600:1f18::/32}",
                "Text:  contains \"web\"   matches \"^eni-0a\"     Flags:  flags has syn",
                "Names:  proto == tcp   action == reject   status == nodata",
                "Times:  start >= 2024-06-03T10:00Z     time in 2024-06-03T10:00Z..2024-06-03T11:00Z",
                "Logic:  and  &&   or  ||   not  !   ( )",
                "Macros:  $ssh  $rdp  $rfc1918  $public  $rejected  $nodata",
                "",
                "Enter applies, Esc clears; right-click a cell to filter on its value."));
        text.getStyleClass().add("mono");
        d.getDialogPane().setContent(text);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        themes.styleDialog(d);
        d.show();
    }

    private void showKeys() {
        alert(Alert.AlertType.INFORMATION, "Keyboard shortcuts", String.join("\n",
                "Ctrl+O  open a case            Ctrl+N  new case",
                "Ctrl+I  import files           Ctrl+Shift+I  import a folder",
                "Ctrl+F or /  filter bar        Enter  apply     Esc  clear",
                "Ctrl+E  export                 Ctrl+C  copy rows (Ctrl+Shift+C as CSV)",
                "Ctrl+A  select every record matching the filter (copy up to 100,000, export any number)",
                "F5  refresh                    F1  filter syntax"));
    }

    private void showAbout() {
        alert(Alert.AlertType.INFORMATION, "FlowSleuth", "An investigation workbench for AWS VPC Flow Logs.\n"
                + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.version"));
    }

    /** Creates the scene for this window, styled by the theme manager. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(this, width, height);
        themes.register(scene);
        return scene;
    }
}
