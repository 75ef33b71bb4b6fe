package io.flowsleuth.app.table;

import io.flowsleuth.app.filterbar.FilterBarViewModel.Combine;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
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
    private static final PseudoClass LOADING = PseudoClass.getPseudoClass("loading");

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
        table.setItems(vm.items());
        // a new query brings a new list; TableView forgets its sort order when its items are replaced,
        // so the header's sort arrow is put back from the view model (without sorting again)
        vm.itemsProperty().addListener((o, a, b) -> {
            boolean was = rebuilding;
            rebuilding = true;
            try {
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
        table.setSortPolicy(t -> {
            if (rebuilding) {
                return true;
            }
            if (t.getSortOrder().isEmpty()) {
                vm.sortBy(null, false);
            } else {
                TableColumn<FlowRow, ?> c = t.getSortOrder().get(0);
                vm.sortBy((Field) c.getUserData(), c.getSortType() == TableColumn.SortType.DESCENDING);
            }
            return true;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> bindSelected(b));
        table.setRowFactory(t -> new FlowTableRow());
        table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN).match(e)) {
                copySelected(true);
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copySelected(false);
                e.consume();
            }
        });
        getChildren().add(table);
        rebuildColumns();
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
        List<Integer> idx = new ArrayList<>(table.getSelectionModel().getSelectedIndices());
        idx.sort(null);
        List<FlowRecord> out = new ArrayList<>();
        PagedRowList list = vm.items();
        for (int i : idx) {
            FlowRecord r = i < list.size() ? list.peek(i) : null;
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Copies the selected rows to the clipboard, as displayed text or as CSV. */
    public void copySelected(boolean csv) {
        List<FlowRecord> rows = selectedRecords();
        int selected = table.getSelectionModel().getSelectedIndices().size();
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
            }
            style(observed == null ? null : observed.record());
            pseudoClassStateChanged(LOADING, observed != null && observed.record() == null);
        }

        private void style(FlowRecord r) {
            String action = r == null || !r.has(Field.ACTION) ? null : r.text(Field.ACTION);
            String st = r == null || !r.has(Field.LOG_STATUS) ? null : r.text(Field.LOG_STATUS);
            pseudoClassStateChanged(ACCEPT, "ACCEPT".equals(action));
            pseudoClassStateChanged(REJECT, "REJECT".equals(action));
            pseudoClassStateChanged(NODATA, "NODATA".equals(st));
            pseudoClassStateChanged(SKIPDATA, "SKIPDATA".equals(st));
            pseudoClassStateChanged(LOADING, observed != null && r == null);
        }
    }

    private final class FlowCell extends TableCell<FlowRow, FlowRecord> {
        private final Field field;

        FlowCell(Field field) {
            this.field = field;
            getStyleClass().add("flow-cell");
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
                setGraphic(null);
                return;
            }
            if (r == null) {
                setText(getIndex() >= 0 ? "…" : null);
                setGraphic(null);
                return;
            }
            setText(vm.formatProperty().get().display(r, field));
            if (field == Field.ACTION) {
                String a = r.text(Field.ACTION);
                FontIcon icon = "ACCEPT".equals(a) ? new FontIcon(MaterialDesignC.CHECK_CIRCLE)
                        : "REJECT".equals(a) ? new FontIcon(MaterialDesignC.CLOSE_OCTAGON) : null;
                if (icon != null) {
                    icon.getStyleClass().add("accept".equalsIgnoreCase(a) ? "icon-accept" : "icon-reject");
                }
                setGraphic(icon);
            } else if (field == Field.LOG_STATUS) {
                String s = r.text(Field.LOG_STATUS);
                FontIcon icon = "NODATA".equals(s) ? new FontIcon(MaterialDesignM.MINUS_CIRCLE_OUTLINE)
                        : "SKIPDATA".equals(s) ? new FontIcon(MaterialDesignS.SKIP_NEXT_CIRCLE_OUTLINE) : null;
                if (icon != null) {
                    icon.getStyleClass().add("icon-gap");
                }
                setGraphic(icon);
            } else {
                setGraphic(null);
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
