package io.flowsleuth.app.table;

import io.flowsleuth.app.filterbar.FilterBarViewModel.Combine;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The record table: a {@link TableView} over the view model's {@link PagedRowList}, one column per
 * field the case has (reorder by dragging, hide from the header menu; the layout is saved per case),
 * sorting delegated to the store, ACCEPT and REJECT shown by colour and icon, NODATA and SKIPDATA
 * rows set apart, and a context menu on every cell to build filters and copy rows.
 */
public final class FlowTableView extends StackPane {
    public static final String TABLE_ID = "flowTable";

    private static final PseudoClass ACCEPT = PseudoClass.getPseudoClass("accept");
    private static final PseudoClass REJECT = PseudoClass.getPseudoClass("reject");
    private static final PseudoClass NODATA = PseudoClass.getPseudoClass("nodata");
    private static final PseudoClass SKIPDATA = PseudoClass.getPseudoClass("skipdata");
    private static final PseudoClass ICON_ACCEPT = PseudoClass.getPseudoClass("accept");
    private static final PseudoClass ICON_REJECT = PseudoClass.getPseudoClass("reject");
    private static final PseudoClass ICON_GAP = PseudoClass.getPseudoClass("gap");
    private static final List<PseudoClass> ICON_KINDS = List.of(ICON_ACCEPT, ICON_REJECT, ICON_GAP);
    /** On the table while every record matching the filter is selected (Ctrl+A). */
    public static final PseudoClass ALL_SELECTED = PseudoClass.getPseudoClass("all-selected");

    private final FlowTableViewModel vm;
    private final TableView<FlowRow> table = new TableView<>();
    private final Label placeholder = new Label("No case is open.");
    private BiConsumer<Combine, String> filterAction = (c, s) -> { };
    private Consumer<String> status = s -> { };
    private Consumer<String> layoutSaver = s -> { };
    private String savedLayout;
    private boolean rebuilding;

    public FlowTableView(FlowTableViewModel vm) {
        this.vm = vm;
        getStyleClass().add("flow-table-pane");
        table.setId(TABLE_ID);
        table.getStyleClass().addAll("flow-table", "dense");
        table.setFixedCellSize(24);
        table.setTableMenuButtonVisible(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(placeholder);
        placeholder.getStyleClass().add("table-placeholder");
        table.setItems(vm.window());
        // a new query brings a new list; TableView forgets its sort order when its items are replaced,
        // so the header's sort arrow is put back from the view model (without sorting again)
        vm.windowProperty().addListener((o, a, b) -> {
            boolean was = rebuilding;
            rebuilding = true;
            try {
                held.clear();
                heldFocus = -1;
                // a new result starts at its top: put the flow there before it sees the new row count,
                // or it keeps its old position, re-lays its rows from the end of the new list and makes
                // new rows for that (each new row costs milliseconds of CSS)
                VirtualFlow<?> f = flow();
                if (f != null) {
                    f.setPosition(0);
                }
                table.setItems(b);
                showSortOrder();
            } finally {
                rebuilding = was;
            }
        });
        vm.fields().addListener((ListChangeListener<Field>) c -> rebuildColumns());
        vm.formatProperty().addListener((o, a, b) -> {
            updateHeaders();
            table.refresh();
        });
        // sorting is done by the store; no sort order means the table's natural order, time
        rebuilding = true; // setting the policy runs it once: that is not a user's click
        table.setSortPolicy(t -> {
            if (rebuilding) {
                return true;
            }
            if (t.getSortOrder().isEmpty()) {
                vm.sortBy(Field.START, false);
                Platform.runLater(this::showSortOrderQuietly);
            } else {
                TableColumn<FlowRow, ?> c = t.getSortOrder().get(0);
                vm.sortBy((Field) c.getUserData(), c.getSortType() == TableColumn.SortType.DESCENDING);
            }
            return true;
        });
        rebuilding = false;
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!moving && !selectingAll) {
                bindSelected(b);
            }
        });
        // a selection the user makes replaces the rows held outside the window, unless it extends it,
        // and ends the selection of every matching record
        table.getSelectionModel().getSelectedIndices().addListener((ListChangeListener<Integer>) c -> {
            if (!moving && !extending) {
                held.clear();
            }
            if (!moving && !selectingAll && vm.isAllSelected()) {
                vm.clearAllSelected();
            }
        });
        // every matching record selected: every row looks selected (a pseudo-class of the table, not
        // the table's selection model, whose work grows with the rows selected: clearing 50,000
        // selected rows took a second); dropped by a new filter, sort or refresh, or by the user
        vm.allSelectedProperty().addListener((o, a, b) -> table.pseudoClassStateChanged(ALL_SELECTED, b));
        table.getFocusModel().focusedIndexProperty().addListener((o, a, b) -> {
            if (!moving && b.intValue() >= 0) {
                heldFocus = -1;
            }
        });
        table.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> extending = e.isShortcutDown() || e.isShiftDown());
        table.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> extending = false);
        table.setRowFactory(t -> new FlowTableRow());
        table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            extending = e.isShortcutDown() || e.isShiftDown();
            keyMovesThroughResult(e.getCode());
            if (SELECT_ALL.match(e)) {
                selectAllMatching();
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN).match(e)) {
                copySelected(true);
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copySelected(false);
                e.consume();
            }
        });
        table.addEventFilter(javafx.scene.input.KeyEvent.KEY_RELEASED, e -> extending = false);
        positionBar.setId(POSITION_BAR_ID);
        positionBar.getStyleClass().add("flow-position-bar");
        positionBar.setOrientation(Orientation.VERTICAL);
        positionBar.setManaged(false);
        positionBar.setVisible(false);
        positionBar.setUnitIncrement(1);
        positionBar.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                positionBarMoved(b.doubleValue());
            }
        });
        // the wheel over our bar scrolls the rows as it does over the table's own bar
        positionBar.addEventFilter(ScrollEvent.SCROLL, e -> {
            VirtualFlow<?> f = flow();
            if (f != null) {
                f.scrollPixels(-e.getDeltaY());
            }
            e.consume();
        });
        sceneProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.removePostLayoutPulseListener(afterLayout);
            }
            if (b != null) {
                b.addPostLayoutPulseListener(afterLayout);
            }
        });
        getChildren().addAll(table, positionBar);
        rebuildColumns();
        vm.setAfterRowsShown(this::afterFramesPainted);
    }

    /** Pulses after which rows given to the table are laid out and their frame painted. */
    private static final int SHOWN_AFTER_PULSES = 2;

    /**
     * Runs {@code action} once the rows just given to the table are on screen: after the layout of
     * the second pulse from now (the first lays the rows out, the second waits for its frame to be
     * painted first). Without a scene, at once.
     */
    private void afterFramesPainted(Runnable action) {
        javafx.scene.Scene sc = getScene();
        if (sc == null) {
            action.run();
            return;
        }
        int[] pulses = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (pulses[0] < 0) {
                return;
            }
            if (++pulses[0] >= SHOWN_AFTER_PULSES) {
                pulses[0] = -1;
                Platform.runLater(() -> sc.removePostLayoutPulseListener(listener[0])); // not while the scene iterates them
                action.run();
            } else {
                Platform.requestNextPulse();
            }
        };
        sc.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }

    // ---- the window over the result and the scroll bar over the whole result ----

    /** Id of the vertical scroll bar that spans the whole result (shown when the result is larger than the window). */
    public static final String POSITION_BAR_ID = "flowPositionBar";

    private final ScrollBar positionBar = new ScrollBar();
    private final Runnable afterLayout = this::syncFromFlow;
    /** Selected global rows that are outside the window (kept while the window moves). */
    private final TreeSet<Long> held = new TreeSet<>();
    /** The focused global row when it is outside the window, else -1. */
    private long heldFocus = -1;
    private boolean syncing;
    private boolean moving;
    /** The table's own selection is being let go for "select all matching" (that is not the user's new selection). */
    private boolean selectingAll;
    private boolean extending;
    private boolean recentrePending;
    /** The flow was scrolled by us and has not been laid out since: its cells are not to be read. */
    private boolean flowMoved;
    /** The window moved and the flow has not been positioned since. */
    private boolean windowJustMoved;
    private ScrollBar tableBar;

    /** The scroll bar over the whole result (for the diagnostic and tests; users drag it). */
    public ScrollBar positionBar() {
        return positionBar;
    }

    private WindowedRowList win() {
        return vm.window();
    }

    private VirtualFlow<?> flow() {
        // looked up once per skin: a lookup walks the table's nodes, and this runs after every layout
        if (flowSkin != table.getSkin() || flowSkin == null) {
            Node n = table.lookup(".virtual-flow");
            flowCache = n instanceof VirtualFlow<?> f ? f : null;
            Node c = flowCache == null ? null : flowCache.lookup(".clipped-container");
            clipCache = c instanceof Region r ? r : null;
            flowSkin = flowCache == null ? null : table.getSkin();
        }
        return flowCache;
    }

    private VirtualFlow<?> flowCache;
    private Region clipCache;
    private javafx.scene.control.Skin<?> flowSkin;

    /** The table's own vertical scroll bar (it spans only the window). */
    private ScrollBar tableBar(VirtualFlow<?> f) {
        if (tableBar != null && tableBar.getParent() == f) {
            return tableBar;
        }
        tableBar = null;
        for (Node n : f.getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.VERTICAL) {
                tableBar = b;
            }
        }
        return tableBar;
    }

    private double cellSize() {
        return table.getFixedCellSize() > 0 ? table.getFixedCellSize() : 24;
    }

    /** Rows that fit in the table's viewport (fractional). */
    private double visibleRows(VirtualFlow<?> f) {
        Region clip = f != null && f == flowCache ? clipCache : null;
        double h = clip != null ? clip.getHeight() : f == null ? 0 : f.getHeight();
        return Math.max(1, h / cellSize());
    }

    /** Global position (fractional, in rows) of the top of the viewport. */
    private double topRow(VirtualFlow<?> f) {
        WindowedRowList w = win();
        IndexedCell<?> c = f == null ? null : f.getFirstVisibleCell();
        if (c == null || c.getIndex() < 0) {
            return w.offset();
        }
        double frac = -c.getLayoutY() / cellSize();
        frac = frac > 0.999 ? 0.999 : frac < 0.001 ? 0 : frac; // the flow's pixel arithmetic drifts by fractions
        return w.offset() + c.getIndex() + frac;
    }

    /** Global position of the first row on screen (as laid out at the last pulse). */
    public long firstVisibleRow() {
        return (long) Math.floor(topRow(flow()) + 1e-3);
    }

    /** Number of rows in the whole result (the position bar's range). */
    public long totalRows() {
        return win().total();
    }

    /** Shows global row {@code row} at the top of the table (moving the window when needed). */
    public void scrollToRow(long row) {
        VirtualFlow<?> f = flow();
        double visible = visibleRows(f);
        long r = Math.max(0, Math.min(row, win().total() - 1));
        moveWindow(win().window().recentred(r, (int) Math.ceil(visible)), r);
    }

    /** Selects global row {@code row} alone, focuses it and scrolls it into view. */
    public void selectRow(long row) {
        scrollToRow(row);
        int l = win().toLocal(row);
        if (l >= 0) {
            held.clear();
            heldFocus = -1;
            table.getSelectionModel().clearAndSelect(l);
            table.getFocusModel().focus(l);
        }
    }

    /** Ctrl+A and Edit > Select All: the shortcut that selects every record matching the filter. */
    public static final KeyCombination SELECT_ALL = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN);

    /**
     * Selects every record matching the current filter, not only the rows the table holds: the rows
     * on screen look selected, copies and the export's "selected rows" take every matching record.
     * Any selection the user makes afterwards (a click, an arrow key), a new filter, sort or refresh
     * ends it.
     */
    public void selectAllMatching() {
        if (!vm.selectAll()) {
            status.accept("No record matches the filter; there is nothing to select.");
            return;
        }
        // the rows the table's selection model holds are let go (the table's pseudo-class shows every
        // row selected); the focused row and the details pane stay, so an arrow key or a click starts a
        // new selection from there
        int focus = table.getFocusModel().getFocusedIndex();
        selectingAll = true;
        try {
            held.clear();
            table.getSelectionModel().clearSelection();
            if (focus >= 0 && focus < win().size()) {
                table.getFocusModel().focus(focus);
            }
        } finally {
            selectingAll = false;
        }
    }

    /** Global positions of the selected rows, in order (rows held outside the window included). */
    public List<Long> selectedRows() {
        TreeSet<Long> all = new TreeSet<>(held);
        WindowedRowList w = win();
        for (int i : table.getSelectionModel().getSelectedIndices()) {
            if (i >= 0 && i < w.size()) {
                all.add(w.toGlobal(i));
            }
        }
        return new ArrayList<>(all);
    }

    private void positionBarMoved(double value) {
        VirtualFlow<?> f = flow();
        if (f == null) {
            return;
        }
        double visible = visibleRows(f);
        moveWindow(win().window().recentred((long) value, (int) Math.ceil(visible)), value);
    }

    /** Before the table's own key handling: Home/End reach the ends of the whole result, arrows start from a focused row outside the window. */
    private void keyMovesThroughResult(KeyCode code) {
        WindowedRowList w = win();
        if (w.window().coversAll()) {
            return;
        }
        if (code == KeyCode.HOME && !w.window().atStart()) {
            moveWindow(0, 0);
        } else if (code == KeyCode.END && !w.window().atEnd()) {
            moveWindow(w.total() - w.size(), w.total() - visibleRows(flow()));
        } else if (heldFocus >= 0 && (code == KeyCode.UP || code == KeyCode.DOWN || code == KeyCode.PAGE_UP
                || code == KeyCode.PAGE_DOWN)) {
            double visible = visibleRows(flow());
            long top = Math.max(0, heldFocus - (long) (visible / 2));
            moveWindow(w.window().centredOn(top, (int) Math.ceil(visible)), top);
        }
    }

    /**
     * Moves the window to start at {@code newOffset} and puts global row position {@code top}
     * (fractional) at the top of the viewport. Selection, focus and the shift-click anchor keep their
     * global rows; selected rows that leave the window are held and come back with it.
     */
    private void moveWindow(long newOffset, double top) {
        WindowedRowList w = win();
        long oldOffset = w.offset();
        if (w.window().clampOffset(newOffset) != oldOffset) {
            TableView.TableViewSelectionModel<FlowRow> sm = table.getSelectionModel();
            boolean all = vm.isAllSelected();
            TreeSet<Long> sel = new TreeSet<>(held);
            for (int i : all ? List.<Integer>of() : sm.getSelectedIndices()) {
                if (i >= 0) {
                    sel.add(oldOffset + i);
                }
            }
            int fi = table.getFocusModel().getFocusedIndex();
            long focus = fi >= 0 ? oldOffset + fi : heldFocus;
            Object anchor = table.getProperties().get("anchor");
            long anchorRow = anchor instanceof TablePosition<?, ?> p && p.getRow() >= 0 ? oldOffset + p.getRow() : -1;
            moving = true;
            try {
                w.moveTo(newOffset);
                if (all) {
                    // every matching record is selected, and every row looks it (the table's pseudo-class)
                    held.clear();
                    int lfa = focus >= 0 ? w.toLocal(focus) : -1;
                    table.getFocusModel().focus(lfa);
                    heldFocus = lfa >= 0 ? -1 : focus;
                    table.getProperties().remove("anchor");
                } else {
                    keepSelection(sm, w, sel, focus, anchor, anchorRow);
                }
            } finally {
                moving = false;
            }
            windowJustMoved = true; // the cells show the old window's rows: position them afresh
            FlowRow now = sm.getSelectedItem();
            if (all) {
                // the details pane keeps the record it shows
            } else if (now != null && now != selectedRow) {
                bindSelected(now);
            } else if (now == null && held.isEmpty() && selectedRow != null) {
                bindSelected(null);
            }
        }
        scrollFlowTo(top);
    }

    /** After a window move: the selection, focus and anchor back on their global rows; rows outside the window held. */
    private void keepSelection(TableView.TableViewSelectionModel<FlowRow> sm, WindowedRowList w, TreeSet<Long> sel,
            long focus, Object anchor, long anchorRow) {
        sm.clearSelection();
        held.clear();
        List<Integer> inside = new ArrayList<>();
        for (long g : sel) {
            int l = w.toLocal(g);
            if (l >= 0) {
                inside.add(l);
            } else {
                held.add(g);
            }
        }
        int lf = focus >= 0 ? w.toLocal(focus) : -1;
        if (lf >= 0 && inside.remove((Integer) lf)) {
            inside.add(lf); // the last one selected becomes the selected index, as before the move
        }
        if (!inside.isEmpty()) {
            int[] rest = new int[inside.size() - 1];
            for (int i = 1; i < inside.size(); i++) {
                rest[i - 1] = inside.get(i);
            }
            sm.selectIndices(inside.get(0), rest);
        }
        table.getFocusModel().focus(lf);
        heldFocus = lf >= 0 ? -1 : focus;
        if (anchorRow >= 0) {
            int la = w.toLocal(anchorRow);
            if (la >= 0 && anchor instanceof TablePosition<?, ?> p) {
                table.getProperties().put("anchor", new TablePosition<>(table, la, column(p)));
            } else {
                table.getProperties().remove("anchor");
            }
        }
    }

    /** The column of a table position of this table (the anchor's), or null. */
    @SuppressWarnings("unchecked")
    private TableColumn<FlowRow, ?> column(TablePosition<?, ?> p) {
        TableColumn<?, ?> c = p.getTableColumn();
        return c != null && table.getVisibleLeafColumns().contains(c) ? (TableColumn<FlowRow, ?>) c : null;
    }

    /** Puts global position {@code top} (fractional, in rows) at the top of the viewport. */
    private void scrollFlowTo(double top) {
        VirtualFlow<?> f = flow();
        if (f == null) {
            return;
        }
        WindowedRowList w = win();
        double local = Math.max(0, Math.min(top - w.offset(), w.size()));
        if (!flowMoved && !windowJustMoved) {
            // a short move (a few screens) scrolls the cells on screen, as the wheel does: only the
            // rows that come in are updated, where a jump rebuilds every cell
            double now = topRow(f) - w.offset();
            double rows = local - now;
            if (Math.abs(rows) < 3 * visibleRows(f)) {
                if (Math.abs(rows) * cellSize() >= 0.5) {
                    f.scrollPixels(rows * cellSize());
                }
                return;
            }
        }
        windowJustMoved = false;
        int idx = (int) Math.floor(local);
        f.scrollToTop(Math.min(idx, Math.max(0, w.size() - 1)));
        double px = (local - idx) * cellSize();
        if (px >= 0.5) {
            f.scrollPixels(px);
        }
        flowMoved = true; // its cells are laid out at the next pulse; until then they show the old position
    }

    /**
     * After each layout: the position bar follows the table (wheel, keys, drag-selection), is laid
     * over the table's own vertical bar, and the window is re-centred (on the next pulse, with the
     * same rows on screen) when the rows on screen come near its edge.
     */
    private void syncFromFlow() {
        flowMoved = false;
        if (warmUp == null) {
            startWarmUp();
        }
        VirtualFlow<?> f = flow();
        WindowedRowList w = win();
        boolean windowed = f != null && !w.window().coversAll() && placeBar(f);
        if (!windowed) {
            return;
        }
        double top = topRow(f);
        double visible = visibleRows(f);
        double max = Math.max(0, w.total() - visible);
        syncing = true;
        try {
            positionBar.setMax(max);
            // the thumb's length is the visible share of the whole result: for millions of rows
            // less than a pixel; it is kept long enough to see and grab, as other tools do
            double track = positionBar.getHeight();
            double minThumb = Math.max(24, 3 * positionBar.getWidth());
            double amount = track > minThumb ? Math.max(visible, max * minThumb / (track - minThumb)) : visible;
            positionBar.setVisibleAmount(Math.min(amount, Math.max(1, max)));
            positionBar.setBlockIncrement(Math.max(1, Math.floor(visible) - 1));
            positionBar.setValue(Math.min(max, top));
        } finally {
            syncing = false;
        }
        if (!recentrePending && w.window().recentred((long) top, (int) Math.ceil(visible)) != w.offset()) {
            recentrePending = true;
            Platform.runLater(() -> {
                recentrePending = false;
                VirtualFlow<?> g = flow();
                if (g != null && !flowMoved) { // else the next layout looks again
                    double t = topRow(g);
                    long target = win().window().recentred((long) t, (int) Math.ceil(visibleRows(g)));
                    if (target != win().offset()) {
                        moveWindow(target, t);
                    }
                }
            });
        }
    }

    /**
     * Lays our bar over the table's own vertical bar when the result is larger than the window
     * (the table's bar, which spans only the window, is made invisible under it); shows the table's
     * own bar otherwise. True when our bar is in use.
     */
    private boolean placeBar(VirtualFlow<?> f) {
        ScrollBar own = f == null ? null : tableBar(f);
        boolean windowed = own != null && own.isVisible() && !win().window().coversAll();
        if (own != null) {
            own.setOpacity(windowed ? 0 : 1);
            own.setMouseTransparent(windowed);
        }
        positionBar.setVisible(windowed);
        if (windowed) {
            Bounds b = sceneToLocal(own.localToScene(own.getLayoutBounds()));
            if (b != null && (b.getMinX() != positionBar.getLayoutX() || b.getMinY() != positionBar.getLayoutY()
                    || b.getWidth() != positionBar.getWidth() || b.getHeight() != positionBar.getHeight())) {
                positionBar.resizeRelocate(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
            }
        }
        return windowed;
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        table.layout(); // the table's own bar gets its bounds now, so ours is laid over it in the same pulse
        placeBar(flow());
    }

    private final ChangeListener<FlowRecord> selectedRecordListener = (o, a, b) -> selectRecord(b);

    private void selectRecord(FlowRecord r) {
        vm.selectedDataProperty().set(selectedRow == null ? null : selectedRow.data());
        vm.selectedProperty().set(r);
    }
    private FlowRow selectedRow;

    private void bindSelected(FlowRow row) {
        if (selectedRow != null) {
            selectedRow.recordProperty().removeListener(selectedRecordListener);
        }
        selectedRow = row;
        if (row != null) {
            row.recordProperty().addListener(selectedRecordListener);
        }
        vm.selectedDataProperty().set(row == null ? null : row.data());
        vm.selectedProperty().set(row == null ? null : row.record());
    }

    public TableView<FlowRow> table() {
        return table;
    }

    /** What the cell menus' "Filter on this value" and friends do. */
    public void setFilterAction(BiConsumer<Combine, String> action) {
        this.filterAction = action;
    }

    /**
     * What is done with the sentence saying a copy of every matching record is too large (the window
     * shows it in a dialog that offers the export); the status bar by default.
     */
    public void setCopyRefusedAction(Consumer<String> action) {
        this.copyRefused = action == null ? s -> status.accept(s) : action;
    }

    private Consumer<String> copyRefused = s -> status.accept(s);

    /** Where short messages go (the status bar). */
    public void setStatusSink(Consumer<String> sink) {
        this.status = sink;
    }

    public void setPlaceholderText(String text) {
        placeholder.setText(text);
    }

    /** Applies a saved column layout (text from {@link ColumnLayout#format()}) and reports changes to {@code saver}. */
    public void useLayout(String layout, Consumer<String> saver) {
        this.savedLayout = layout;
        this.layoutSaver = saver == null ? s -> { } : saver;
        rebuildColumns();
    }

    /** The current column arrangement (order, visibility, widths). */
    public ColumnLayout currentLayout() {
        List<ColumnLayout.Entry> entries = new ArrayList<>();
        for (TableColumn<FlowRow, ?> c : table.getColumns()) {
            entries.add(new ColumnLayout.Entry((Field) c.getUserData(), c.isVisible(), c.getWidth()));
        }
        return new ColumnLayout(entries);
    }

    /** Shows every column in default order and widths. */
    public void resetLayout() {
        savedLayout = null;
        rebuildColumns();
        saveLayout();
    }

    private void saveLayout() {
        if (!rebuilding) {
            savedLayout = currentLayout().format();
            layoutSaver.accept(savedLayout);
        }
    }

    private void rebuildColumns() {
        rebuilding = true;
        try {
            List<ColumnLayout.Entry> entries = ColumnLayout.parse(savedLayout)
                    .map(l -> l.arrange(vm.fields()))
                    .orElseGet(() -> vm.fields().stream().map(f -> new ColumnLayout.Entry(f, defaultVisible(f), -1))
                            .toList());
            List<TableColumn<FlowRow, ?>> cols = new ArrayList<>();
            for (ColumnLayout.Entry e : entries) {
                TableColumn<FlowRow, FlowRecord> c = column(e.field());
                c.setVisible(e.visible());
                if (e.width() > 0) {
                    c.setPrefWidth(e.width());
                }
                cols.add(c);
            }
            table.getSortOrder().clear();
            table.getColumns().setAll(cols);
            showSortOrder();
        } finally {
            rebuilding = false;
        }
    }

    private void showSortOrderQuietly() {
        boolean was = rebuilding;
        rebuilding = true;
        try {
            showSortOrder();
        } finally {
            rebuilding = was;
        }
    }

    /** Sets the header's sort arrow to the view model's sort (called with the sort policy suppressed). */
    private void showSortOrder() {
        Field sf = vm.sortFieldProperty().get();
        List<TableColumn<FlowRow, ?>> order = new ArrayList<>();
        for (TableColumn<FlowRow, ?> c : table.getColumns()) {
            if (sf != null && c.getUserData() == sf) {
                c.setSortType(vm.sortDescendingProperty().get() ? TableColumn.SortType.DESCENDING
                        : TableColumn.SortType.ASCENDING);
                order.add(c);
            }
        }
        if (!order.equals(table.getSortOrder())) {
            table.getSortOrder().setAll(order);
        }
    }

    /**
     * Columns shown by default: what an investigation reads first (interface, the 5-tuple, volume,
     * times, verdict, status, flags, direction, packet addresses, reject reason); the rest (version,
     * account, VPC, subnet, instance, region, ...) are one click away in the header menu.
     */
    static boolean defaultVisible(Field f) {
        switch (f) {
            case INTERFACE_ID, SRCADDR, DSTADDR, SRCPORT, DSTPORT, PROTOCOL, PACKETS, BYTES, START, END, ACTION,
                    LOG_STATUS, TCP_FLAGS, FLOW_DIRECTION, PKT_SRCADDR, PKT_DSTADDR, REJECT_REASON, TYPE,
                    TGW_ID, TGW_ATTACHMENT_ID, TGW_SRC_ENI, TGW_DST_ENI, PACKETS_LOST_NO_ROUTE, PACKETS_LOST_BLACKHOLE,
                    PKT_SRC_AWS_SERVICE, PKT_DST_AWS_SERVICE, TRAFFIC_PATH, RESOURCE_TYPE:
                return true;
            default:
                return false;
        }
    }

    private TableColumn<FlowRow, FlowRecord> column(Field f) {
        TableColumn<FlowRow, FlowRecord> c = new TableColumn<>(vm.formatProperty().get().header(f));
        c.setUserData(f);
        c.setId("col-" + f.awsName());
        c.setPrefWidth(defaultWidth(f));
        c.setCellValueFactory(cd -> cd.getValue().recordProperty());
        c.setCellFactory(col -> new FlowCell(f));
        c.widthProperty().addListener((o, a, b) -> saveLayoutLater());
        c.visibleProperty().addListener((o, a, b) -> saveLayout());
        if (CellFormat.numeric(f)) {
            c.getStyleClass().add("numeric");
        }
        return c;
    }

    // ---- warming the JVM up on the table's code (TableWarmUp) ----

    /** Rows the hidden table shows. */
    private static final int WARM_UP_ROWS = 6;
    private TableWarmUp warmUp;

    /**
     * Starts the warm-up once the first rows of a case are on screen (once per JVM, see
     * {@link TableWarmUp}): a table like this one (same columns, layout, format, window and style
     * sheets) in a scene that is never shown, over a result as long as this one made of copies of
     * the loaded rows of the first page, read inline.
     */
    private void startWarmUp() {
        javafx.scene.Scene scene = getScene();
        PagedRowList rows = win().rows();
        // once the result is counted: the copy is as long as the result (its length is what the flow's work grows with)
        if (scene == null || vm.matchingProperty().get() < 0 || rows.size() < 4 * WARM_UP_ROWS
                || rows.peekData(0) == null || !TableWarmUp.claim()) {
            return;
        }
        List<RowData> copies = new ArrayList<>();
        for (int i = 0; i < Math.min(rows.size(), PagedRowList.DEFAULT_PAGE_SIZE); i++) {
            RowData d = rows.peekData(i);
            if (d == null) {
                break;
            }
            copies.add(d);
        }
        long total = rows.size();
        RowSource copied = new RowSource() {
            @Override
            public long count() {
                return total;
            }

            @Override
            public boolean quickCount() {
                return true;
            }

            @Override
            public List<RowData> rows(long offset, int limit) {
                List<RowData> out = new ArrayList<>();
                for (long i = offset; i < Math.min(total, offset + limit); i++) {
                    out.add(copies.get((int) (i % copies.size())));
                }
                return out;
            }
        };
        FlowTableViewModel twinVm = new FlowTableViewModel(new io.flowsleuth.app.common.CurrentThreadTaskExecutor());
        twinVm.setWindowCapacity(vm.windowCapacity());
        twinVm.fields().setAll(vm.fields());
        twinVm.formatProperty().set(vm.formatProperty().get());
        FlowTableView twin = new FlowTableView(twinVm);
        twin.useLayout(currentLayout().format(), l -> { });
        javafx.scene.Scene hidden = new javafx.scene.Scene(twin, Math.max(200, getWidth()),
                (WARM_UP_ROWS + 1) * cellSize() + 2);
        hidden.getStylesheets().setAll(scene.getStylesheets());
        for (javafx.scene.Parent p = this; p != null; p = p.getParent()) {
            twin.getStylesheets().addAll(0, p.getStylesheets());
        }
        twinVm.sourcesProperty().set((flt, sf, desc) -> copied);
        twinVm.reload();

        javafx.event.EventHandler<javafx.event.Event> input = e -> warmUp.end();
        ChangeListener<Object> moved = (o, a, b) -> warmUp.end();
        warmUp = new TableWarmUp(twin, () -> {
            twinVm.sourcesProperty().set(null);
            twinVm.reload();
            scene.removeEventFilter(MouseEvent.MOUSE_PRESSED, input);
            scene.removeEventFilter(ScrollEvent.SCROLL, input);
            scene.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, input);
            positionBar.valueProperty().removeListener(moved);
            vm.windowProperty().removeListener(moved);
        });
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, input);
        scene.addEventFilter(ScrollEvent.SCROLL, input);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, input);
        positionBar.valueProperty().addListener(moved);
        vm.windowProperty().addListener(moved);
        warmUp.start();
    }

    /** CSS and layout of a view in a scene that is never shown (the warm-up's), then what a pulse does after layout. */
    void layoutHidden() {
        javafx.scene.Parent root = getScene().getRoot();
        root.applyCss();
        root.layout();
        syncFromFlow();
    }

    /** The warm-up of this view, or null when it did not start here (for tests). */
    TableWarmUp warmUp() {
        return warmUp;
    }

    {
        table.getColumns().addListener((ListChangeListener<TableColumn<FlowRow, ?>>) c -> saveLayout());
    }

    private javafx.animation.PauseTransition widthSave;

    private void saveLayoutLater() {
        if (rebuilding) {
            return;
        }
        if (widthSave == null) {
            widthSave = new javafx.animation.PauseTransition(javafx.util.Duration.millis(400));
            widthSave.setOnFinished(e -> saveLayout());
        }
        widthSave.playFromStart();
    }

    private void updateHeaders() {
        for (TableColumn<FlowRow, ?> c : table.getColumns()) {
            c.setText(vm.formatProperty().get().header((Field) c.getUserData()));
        }
    }

    static double defaultWidth(Field f) {
        switch (f) {
            case VERSION:
                return 40;
            case SRCADDR:
            case DSTADDR:
            case PKT_SRCADDR:
            case PKT_DSTADDR:
                return 130;
            case SRCPORT:
            case DSTPORT:
                return 96;
            case PROTOCOL:
                return 78;
            case PACKETS:
                return 80;
            case BYTES:
                return 84;
            case START:
            case END:
                return 168;
            case ACTION:
                return 96;
            case LOG_STATUS:
                return 92;
            case INTERFACE_ID:
                return 190;
            case FLOW_DIRECTION:
                return 112;
            case TCP_FLAGS:
                return 110;
            default:
                return 120;
        }
    }

    private List<Field> visibleFields() {
        List<Field> out = new ArrayList<>();
        for (TableColumn<FlowRow, ?> c : table.getVisibleLeafColumns()) {
            out.add((Field) c.getUserData());
        }
        return out;
    }

    /** The loaded records of the selected rows, in table order. */
    public List<FlowRecord> selectedRecords() {
        List<FlowRecord> out = new ArrayList<>();
        PagedRowList list = win().rows();
        for (long i : selectedRows()) {
            FlowRecord r = i < list.size() ? list.peek((int) i) : null;
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Copies the selected rows to the clipboard, as displayed text or as CSV; with every matching
     * record selected, all of them (read in the background, at most
     * {@link FlowTableViewModel#COPY_LIMIT}; above it the status says to export instead).
     */
    public void copySelected(boolean csv) {
        if (vm.isAllSelected()) {
            vm.copyAllMatching(csv, visibleFields(), text -> {
                ClipboardContent cc = new ClipboardContent();
                cc.putString(text);
                Clipboard.getSystemClipboard().setContent(cc);
            }, status, copyRefused);
            return;
        }
        List<FlowRecord> rows = selectedRecords();
        int selected = selectedRows().size();
        if (rows.isEmpty()) {
            status.accept("Select rows to copy.");
            return;
        }
        ClipboardContent cc = new ClipboardContent();
        cc.putString(csv ? RowCopy.asCsv(rows, visibleFields())
                : RowCopy.asText(rows, visibleFields(), vm.formatProperty().get()));
        Clipboard.getSystemClipboard().setContent(cc);
        String what = rows.size() + (rows.size() == 1 ? " row" : " rows") + (csv ? " as CSV" : " as text");
        status.accept(rows.size() < selected
                ? "Copied " + what + "; " + (selected - rows.size())
                        + " selected rows were not loaded yet (use File > Export for large selections)."
                : "Copied " + what + ".");
    }

    /**
     * A row's look (reject tint, gap rows) comes from pseudo-classes. Changing one makes JavaFX match the
     * CSS of the row and of every cell in it again, which cost most of a frame when a jump or a new
     * filter changes every row on screen. So a row changes them only when its record says so: a row
     * waiting for its record (it shows "…") keeps the look it had, and a row of the same kind as the
     * one it showed before changes nothing.
     */
    private final class FlowTableRow extends TableRow<FlowRow> {
        private final ChangeListener<FlowRecord> onRecord = (o, a, b) -> style(b);
        private FlowRow observed;

        @Override
        protected void updateItem(FlowRow row, boolean empty) {
            super.updateItem(row, empty);
            if (observed != null) {
                observed.recordProperty().removeListener(onRecord);
            }
            observed = empty ? null : row;
            if (observed != null) {
                observed.recordProperty().addListener(onRecord);
                if (observed.record() != null) {
                    style(observed.record());
                }
            } else {
                style(null);
            }
        }

        /** Sets the row's kind from {@code r}; null (an empty row) clears it. */
        private void style(FlowRecord r) {
            if (r == null && observed != null) {
                return; // loading: keep the look until the record comes
            }
            String action = r == null || !r.has(Field.ACTION) ? null : r.text(Field.ACTION);
            String st = r == null || !r.has(Field.LOG_STATUS) ? null : r.text(Field.LOG_STATUS);
            pseudoClassStateChanged(ACCEPT, "ACCEPT".equals(action));
            pseudoClassStateChanged(REJECT, "REJECT".equals(action));
            pseudoClassStateChanged(NODATA, "NODATA".equals(st));
            pseudoClassStateChanged(SKIPDATA, "SKIPDATA".equals(st));
        }
    }

    private final class FlowCell extends TableCell<FlowRow, FlowRecord> {
        private final Field field;

        FlowCell(Field field) {
            this.field = field;
            getStyleClass().add("flow-cell");
            if (field == Field.ACTION || field == Field.LOG_STATUS) {
                // every cell of an icon column has its icon from the start, shown or not, so the texts line up
                icon = new FontIcon(field == Field.ACTION ? MaterialDesignC.CHECK_CIRCLE : MaterialDesignM.MINUS_CIRCLE_OUTLINE);
                icon.getStyleClass().add("flow-icon");
                icon.setVisible(false);
                setGraphic(icon);
            }
            if (CellFormat.numeric(field)) {
                setAlignment(Pos.CENTER_RIGHT);
            }
            setOnContextMenuRequested(e -> {
                showMenu(e.getScreenX(), e.getScreenY());
                e.consume();
            });
            // platforms without context-menu events (headless Monocle) still get a secondary click
            setOnMouseClicked(e -> {
                if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY
                        && (openMenu == null || !openMenu.isShowing())) {
                    showMenu(e.getScreenX(), e.getScreenY());
                }
            });
        }

        private ContextMenu openMenu;

        private void showMenu(double x, double y) {
            FlowRecord r = getItem();
            if (r == null || (openMenu != null && openMenu.isShowing())) {
                return;
            }
            openMenu = menu(r);
            openMenu.show(this, x, y);
        }

        @Override
        protected void updateItem(FlowRecord r, boolean empty) {
            super.updateItem(r, empty);
            if (empty) {
                setText(null);
                hideIcon();
                return;
            }
            if (r == null) {
                setText(getIndex() >= 0 ? "…" : null);
                hideIcon();
                return;
            }
            setText(vm.formatProperty().get().display(r, field));
            if (field == Field.ACTION) {
                String a = r.text(Field.ACTION);
                if ("ACCEPT".equals(a)) {
                    showIcon(MaterialDesignC.CHECK_CIRCLE, ICON_ACCEPT);
                } else if ("REJECT".equals(a)) {
                    showIcon(MaterialDesignC.CLOSE_OCTAGON, ICON_REJECT);
                } else {
                    hideIcon();
                }
            } else if (field == Field.LOG_STATUS) {
                String st = r.text(Field.LOG_STATUS);
                if ("NODATA".equals(st)) {
                    showIcon(MaterialDesignM.MINUS_CIRCLE_OUTLINE, ICON_GAP);
                } else if ("SKIPDATA".equals(st)) {
                    showIcon(MaterialDesignS.SKIP_NEXT_CIRCLE_OUTLINE, ICON_GAP);
                } else {
                    hideIcon();
                }
            }
        }

        /**
         * The icon of an action or log-status cell (null in other columns), made with the cell and kept as
         * its graphic: rows scrolling by only change its glyph, its kind (a pseudo-class) and whether it
         * shows. Putting a node in and out of the scene, or changing its style classes, makes JavaFX match
         * its CSS again, which cost several milliseconds per screen of rows.
         */
        private FontIcon icon;

        private void showIcon(org.kordamp.ikonli.Ikon code, PseudoClass kind) {
            if (icon.getIconCode() != code) {
                icon.setIconCode(code);
            }
            for (PseudoClass k : ICON_KINDS) {
                icon.pseudoClassStateChanged(k, k == kind);
            }
            icon.setVisible(true);
        }

        /** Hides the icon; it keeps its place, so the column's text stays aligned (a label drops an unmanaged graphic for good). */
        private void hideIcon() {
            if (icon != null) {
                icon.setVisible(false);
            }
        }

        private ContextMenu menu(FlowRecord r) {
            String clause = ValueFilters.equalsClause(r, field);
            String conv = ValueFilters.conversationClause(r);
            String shown = clause == null ? "" : (clause.length() > 48 ? clause.substring(0, 47) + "…" : clause);
            MenuItem on = item("Filter on this value", MaterialDesignF.FILTER, clause, Combine.REPLACE);
            on.setId("menuFilterOn");
            MenuItem ex = item("Exclude this value", MaterialDesignF.FILTER_REMOVE, clause, Combine.EXCLUDE);
            MenuItem and = item("And with this value", MaterialDesignF.FILTER_PLUS, clause, Combine.AND);
            MenuItem or = item("Or with this value", MaterialDesignF.FILTER_MULTIPLE, clause, Combine.OR);
            MenuItem cv = item("Filter on this conversation", MaterialDesignS.SWAP_HORIZONTAL, conv, Combine.REPLACE);
            cv.setId("menuFilterConversation");
            MenuItem hdr = new MenuItem(clause == null ? field.awsName() + " is missing in this record" : shown);
            hdr.setDisable(true);
            hdr.getStyleClass().add("menu-header");
            hdr.setMnemonicParsing(false);
            MenuItem copyValue = new MenuItem("Copy value");
            copyValue.setOnAction(e -> {
                ClipboardContent cc = new ClipboardContent();
                cc.putString(CellFormat.raw(r, field));
                Clipboard.getSystemClipboard().setContent(cc);
            });
            MenuItem copyText = new MenuItem("Copy rows as text", new FontIcon(MaterialDesignC.CONTENT_COPY));
            copyText.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN));
            copyText.setOnAction(e -> copySelected(false));
            MenuItem copyCsv = new MenuItem("Copy rows as CSV");
            copyCsv.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN,
                    KeyCombination.SHIFT_DOWN));
            copyCsv.setOnAction(e -> copySelected(true));
            return new ContextMenu(hdr, on, ex, and, or, new SeparatorMenuItem(), cv, new SeparatorMenuItem(),
                    copyValue, copyText, copyCsv);
        }

        private MenuItem item(String text, org.kordamp.ikonli.Ikon icon, String clause, Combine how) {
            MenuItem m = new MenuItem(text, new FontIcon(icon));
            m.setDisable(clause == null);
            m.setOnAction(e -> filterAction.accept(how, clause));
            return m;
        }
    }
}
