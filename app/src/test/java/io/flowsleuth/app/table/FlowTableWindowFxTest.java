package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.FxTaskExecutor;
import io.flowsleuth.app.ui.ThemeManager;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The record table over a result far larger than its window (a million synthetic rows, a window of
 * 600), headless: the keyboard, the position bar, the wheel and PageDown reach every row with its
 * real values, the window re-centres without moving the rows on screen, and selection and "Filter on
 * this value" work deep in the result.
 */
@ExtendWith(ApplicationExtension.class)
class FlowTableWindowFxTest {
    private static final long TOTAL = 1_000_000;
    private static final int SMALL = 500;
    private static final int WINDOW = 600;

    private FlowTableViewModel vm;
    private FlowTableView view;
    private FxTaskExecutor executor;
    private final List<String> filters = new CopyOnWriteArrayList<>();

    /** Row {@code i}: bytes {@code i}, packets {@code 1 + i % 50}, dstport {@code i % 65536}; thread-safe. */
    static class Synthetic implements RowSource {
        private final long count;

        Synthetic(long count) {
            this.count = count;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public List<RowData> rows(long offset, int limit) {
            List<RowData> out = new ArrayList<>();
            for (long i = offset; i < Math.min(count, offset + limit); i++) {
                out.add(RowData.of(Records.v2("2 123456789012 eni-0a1b2c3d 10.0." + (i / 256 % 256) + "." + (i % 256)
                        + " 10.0.1.5 " + (40000 + i % 20000) + " " + (i % 65536) + " 6 " + (1 + i % 50) + " " + i
                        + " " + (1717401600 + i) + " " + (1717401660 + i) + " " + (i % 7 == 0 ? "REJECT" : "ACCEPT")
                        + " OK")));
            }
            return out;
        }
    }

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor(2);
        vm = new FlowTableViewModel(executor);
        view = show(stage, vm, (f, sort, desc) -> new Synthetic(f.isEmpty() ? TOTAL : SMALL));
        view.setFilterAction((how, clause) -> filters.add(how + " " + clause));
        vm.reload();
    }

    /** A table over {@code sources} (v2 columns, a window of {@link #WINDOW} rows) shown in {@code stage}; not loaded yet. */
    static FlowTableView show(Stage stage, FlowTableViewModel vm, RowSourceFactory sources) {
        ThemeManager themes = new ThemeManager(AppPreferences.Theme.LIGHT);
        themes.apply();
        vm.setWindowCapacity(WINDOW);
        vm.fields().setAll(Field.DEFAULT_V2);
        vm.sourcesProperty().set(sources);
        FlowTableView view = new FlowTableView(vm);
        Scene scene = new Scene(view, 1000, 600);
        themes.register(scene);
        stage.setScene(scene);
        stage.show();
        return view;
    }

    @AfterEach
    void close() throws Exception {
        release(vm, executor, () -> { });
    }

    /** Runs {@code first}, then empties the table (which stops its page fetches) and stops the executor. */
    static void release(FlowTableViewModel vm, FxTaskExecutor executor, Runnable first) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            first.run();
            vm.sourcesProperty().set(null);
            vm.reload(); // stops the result's page fetches
        }).get(5, TimeUnit.SECONDS);
        executor.shutdown();
        Thread.sleep(100);
    }

    /** Waits for {@code condition}, looked at on the FX thread (it walks the table's nodes, which that thread changes). */
    static void waitFor(String what, BooleanSupplier condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(5, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            throw new TimeoutException("waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableView<FlowRow> table() {
        return view.table();
    }

    /** The on-screen cell of global row {@code row} in column {@code f}, or null when that row is not shown. */
    private TableCell<?, ?> cell(long row, Field f) {
        for (Node n : table().lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.isVisible() && c.getTableColumn() != null
                    && c.getTableColumn().getUserData() == f && c.getTableRow() != null
                    && c.getTableRow().isVisible() && c.getTableRow().getItem() instanceof FlowRow fr && fr.index() == row) {
                Bounds b = c.localToScene(c.getLayoutBounds());
                Bounds t = table().localToScene(table().getLayoutBounds());
                if (b.getMinY() >= t.getMinY() && b.getMaxY() <= t.getMaxY() + 1) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Waits until global row {@code row} is on screen with its record loaded, and checks its real values. */
    private void shown(long row) throws TimeoutException {
        waitFor("row " + row + " on screen", () -> {
            TableCell<?, ?> c = cell(row, Field.BYTES);
            return c != null && c.getText() != null && !c.getText().equals("…");
        });
        TableCell<?, ?> c = cell(row, Field.PACKETS);
        assertNotNull(c, "row " + row + " on screen");
        FlowRecord r = ((FlowRow) c.getTableRow().getItem()).record();
        assertEquals(row, r.num(Field.BYTES));
        assertEquals(Long.toString(1 + row % 50), c.getText());
        assertEquals(vm.formatProperty().get().display(r, Field.DSTPORT), cell(row, Field.DSTPORT).getText());
        assertTrue(cell(row, Field.DSTPORT).getText().startsWith(Long.toString(row % 65536)));
    }

    private void started() throws TimeoutException {
        waitFor("the result", () -> vm.matchingProperty().get() == TOTAL);
        shown(0);
    }

    private void key(KeyCode... keys) {
        FxRobot robot = new FxRobot();
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            robot.release(keys[i]);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private VirtualFlow<?> flow() {
        return (VirtualFlow<?>) table().lookup(".virtual-flow");
    }

    private ScrollBar ownBar() {
        for (Node n : flow().getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.VERTICAL) {
                return b;
            }
        }
        throw new AssertionError("no vertical bar");
    }

    private long selectedBytes() {
        FlowRecord r = vm.selectedProperty().get();
        return r == null ? -1 : r.num(Field.BYTES);
    }

    @Test
    void ctrlEndAndEndReachTheLastRowOfTheWholeResultAndCtrlHomeTheFirst(FxRobot robot) throws Exception {
        started();
        assertTrue(view.positionBar().isVisible());
        assertEquals(0.0, ownBar().getOpacity()); // our bar is laid over the table's own, which spans only the window
        robot.clickOn(cell(2, Field.BYTES));
        assertEquals(2, selectedBytes());
        key(KeyCode.CONTROL, KeyCode.END);
        shown(TOTAL - 1);
        assertEquals(view.positionBar().getMax(), view.positionBar().getValue(), 1e-6);
        assertTrue(view.firstVisibleRow() > TOTAL - 40, "first row on screen " + view.firstVisibleRow());
        assertEquals(TOTAL - WINDOW, vm.window().offset());
        key(KeyCode.END);
        waitFor("last row selected", () -> selectedBytes() == TOTAL - 1);
        assertEquals(List.of(TOTAL - 1), view.selectedRows());
        key(KeyCode.CONTROL, KeyCode.HOME);
        shown(0);
        assertEquals(0, view.firstVisibleRow());
        assertEquals(0.0, view.positionBar().getValue(), 1e-6);
        key(KeyCode.HOME);
        waitFor("first row selected", () -> selectedBytes() == 0);
    }

    @Test
    void thePositionBarShowsRowsAnywhereInTheResult(FxRobot robot) throws Exception {
        started();
        ScrollBar bar = view.positionBar();
        robot.interact(() -> bar.setValue(bar.getMax() / 2));
        long middle = (long) (bar.getMax() / 2);
        shown(middle);
        assertEquals(middle, view.firstVisibleRow());
        assertTrue(vm.window().offset() > 0 && vm.window().toLocal(middle) > 0);
        // drag the thumb with the mouse past the bottom of the bar
        Node thumb = bar.lookup(".thumb");
        Bounds b = bar.localToScreen(bar.getLayoutBounds());
        robot.drag(thumb, MouseButton.PRIMARY).moveTo(new Point2D(b.getCenterX(), b.getMaxY() + 40))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(bar.getMax(), bar.getValue(), 1e-6);
        shown(TOTAL - 1);
        // and back to the top
        robot.drag(bar.lookup(".thumb"), MouseButton.PRIMARY).moveTo(new Point2D(b.getCenterX(), b.getMinY() - 40))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        shown(0);
        assertEquals(0, vm.window().offset());
    }

    @Test
    void wheelStepsAcrossWindowEdgesMoveExactlyAndKeepTheSelection(FxRobot robot) throws Exception {
        started();
        robot.clickOn(cell(3, Field.BYTES));
        assertEquals(3, selectedBytes());
        long first = view.firstVisibleRow();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            WaitForAsyncUtils.asyncFx(() -> flow().scrollPixels(12 * 24)).get(5, TimeUnit.SECONDS); // the wheel, 12 rows
            first += 12;
            long expected = first;
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                    () -> view.firstVisibleRow() == expected).get(5, TimeUnit.SECONDS)); // no jump when the window re-centres
            if (offsets.isEmpty() || offsets.get(offsets.size() - 1) != vm.window().offset()) {
                offsets.add(vm.window().offset());
            }
        }
        assertTrue(offsets.size() >= 3, "the window moved along: " + offsets);
        shown(first);
        // row 3 left the window: it stays selected and in the details pane
        assertEquals(-1, vm.window().toLocal(3));
        assertEquals(List.of(3L), view.selectedRows());
        assertEquals(3, selectedBytes());
        // the arrow key goes on from the selected row, as in any table
        key(KeyCode.DOWN);
        waitFor("row 4 selected", () -> selectedBytes() == 4);
        shown(4);
    }

    @Test
    void pageDownWalksThroughWindowEdgesRowByRow(FxRobot robot) throws Exception {
        started();
        robot.clickOn(cell(0, Field.BYTES));
        long last = 0;
        for (int i = 0; i < 40; i++) {
            key(KeyCode.PAGE_DOWN);
            long now = selectedBytes();
            assertTrue(now > last && now - last < 40, "PageDown " + i + " went from " + last + " to " + now);
            waitFor("the selected row " + now + " on screen", () -> cell(now, Field.BYTES) != null);
            last = now;
        }
        assertTrue(vm.window().offset() > 0, "the window re-centred: " + vm.window());
        assertEquals(List.of(last), view.selectedRows());
        key(KeyCode.PAGE_UP);
        assertTrue(selectedBytes() < last);
    }

    @Test
    void selectionCopyAndFilterOnThisValueDeepInTheResult(FxRobot robot) throws Exception {
        started();
        robot.interact(() -> view.scrollToRow(777_770));
        shown(777_777);
        robot.clickOn(cell(777_777, Field.BYTES));
        assertEquals(777_777, selectedBytes());
        robot.press(KeyCode.SHIFT).clickOn(cell(777_780, Field.BYTES)).release(KeyCode.SHIFT);
        assertEquals(List.of(777_777L, 777_778L, 777_779L, 777_780L), view.selectedRows());
        assertEquals(List.of(777_777L, 777_778L, 777_779L, 777_780L),
                view.selectedRecords().stream().map(r -> r.num(Field.BYTES)).toList());
        robot.rightClickOn(cell(777_780, Field.DSTPORT));
        robot.clickOn("Filter on this value");
        assertEquals(List.of("REPLACE dstport == " + (777_780 % 65536)), filters);
        // the selection survives the window moving away and back
        robot.interact(() -> view.scrollToRow(10));
        shown(10);
        assertEquals(4, view.selectedRows().size());
        robot.interact(() -> view.scrollToRow(777_760));
        shown(777_778);
        assertEquals(List.of(777_777L, 777_778L, 777_779L, 777_780L), view.selectedRows());
        assertTrue(table().getSelectionModel().isSelected(vm.window().toLocal(777_778)));
    }

    /** The action column's icons: shown on every filled row, after rows went through their loading state, with their kind. */
    @Test
    void actionCellsShowTheirIconWithItsKindAfterLoading(FxRobot robot) throws Exception {
        started();
        for (long base : new long[] {0, 777_770}) {
            robot.interact(() -> view.scrollToRow(base));
            shown(base);
            for (long row = base; row < base + 8; row++) {
                TableCell<?, ?> c = cell(row, Field.ACTION);
                assertNotNull(c, "row " + row);
                Node g = c.getGraphic();
                assertTrue(g instanceof org.kordamp.ikonli.javafx.FontIcon, "row " + row + ": " + g);
                assertTrue(g.isVisible() && g.getParent() == c && g.getLayoutBounds().getWidth() > 0,
                        "row " + row + " shows its icon (parent " + g.getParent() + ")");
                boolean reject = row % 7 == 0;
                assertEquals(reject, g.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("reject")), "row " + row);
                assertEquals(!reject, g.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("accept")), "row " + row);
                assertEquals(reject ? "REJECT" : "ACCEPT", c.getText());
                // a log-status of OK has no icon, but its cell holds a hidden one like every cell of the
                // column, so that its text lines up with the NODATA and SKIPDATA rows' (after their icon)
                TableCell<?, ?> st = cell(row, Field.LOG_STATUS);
                assertNotNull(st, "row " + row);
                assertTrue(st.getGraphic() instanceof org.kordamp.ikonli.javafx.FontIcon && !st.getGraphic().isVisible(),
                        "row " + row + ": " + st.getGraphic());
                assertEquals(14, ((org.kordamp.ikonli.javafx.FontIcon) st.getGraphic()).getIconSize(), "every icon the same size");
                assertEquals(14, ((org.kordamp.ikonli.javafx.FontIcon) g).getIconSize());
                assertEquals("OK", st.getText());
            }
        }
    }

    @Test
    void aQuerysFirstRowsAreOnScreenWhileItsCountIsStillRunning() throws Exception {
        started();
        java.util.concurrent.CountDownLatch counted = new java.util.concurrent.CountDownLatch(1);
        // a filter whose count takes as long as the test wants (a scan of millions of records)
        robot().interact(() -> {
            vm.sourcesProperty().set((f, sort, desc) -> new Synthetic(TOTAL) {
                @Override
                public long count() {
                    try {
                        counted.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return TOTAL;
                }
            });
            vm.setFilter("bytes >= 0");
        });
        shown(0); // real values on screen
        shown(20);
        assertEquals(-1, vm.matchingProperty().get()); // still counting
        assertEquals(PagedRowList.DEFAULT_PAGE_SIZE, table().getItems().size());
        assertFalse(view.positionBar().isVisible()); // no scroll range over the whole result yet
        FlowRow first = table().getItems().get(0);
        counted.countDown();
        waitFor("the count", () -> vm.matchingProperty().get() == TOTAL);
        waitFor("the position bar", () -> view.positionBar().isVisible());
        assertEquals(WINDOW, table().getItems().size());
        assertEquals(TOTAL, view.totalRows());
        assertSame(first, table().getItems().get(0)); // the same rows, grown: nothing moved
        assertEquals(0, view.firstVisibleRow());
        shown(0);
    }

    private static FxRobot robot() {
        return new FxRobot();
    }

    /** Every row drawn as selected: the table's pseudo-class (the rows' look is checked against a selected row below). */
    private boolean allLookSelected() {
        return table().getPseudoClassStates().contains(FlowTableView.ALL_SELECTED);
    }

    @Test
    void everyMatchingRowStaysSelectedWhereverTheWindowMovesUntilAClick(FxRobot robot) throws Exception {
        started();
        robot.clickOn(cell(2, Field.BYTES));
        key(KeyCode.CONTROL, KeyCode.A);
        assertTrue(vm.isAllSelected());
        assertTrue(allLookSelected());
        assertEquals(0, table().getSelectionModel().getSelectedIndices().size()); // not 600 rows in the selection model
        ScrollBar bar = view.positionBar();
        robot.interact(() -> bar.setValue(bar.getMax() * 0.8)); // far outside the first window
        long row = (long) (bar.getMax() * 0.8);
        shown(row);
        assertTrue(vm.window().offset() > 0);
        assertTrue(vm.isAllSelected());
        assertTrue(allLookSelected(), "the rows on screen look selected");
        key(KeyCode.CONTROL, KeyCode.END); // moves the window again
        shown(TOTAL - 1);
        assertTrue(vm.isAllSelected());
        assertTrue(allLookSelected());
        javafx.scene.layout.Background all = cell(TOTAL - 3, Field.BYTES).getTableRow().getBackground();
        robot.clickOn(cell(TOTAL - 3, Field.BYTES));
        assertFalse(vm.isAllSelected());
        assertFalse(allLookSelected());
        assertTrue(cell(TOTAL - 3, Field.BYTES).getTableRow().isSelected());
        // under "all selected" a row looked exactly like the row the user has now selected, unlike the others
        assertEquals(all.getFills(), cell(TOTAL - 3, Field.BYTES).getTableRow().getBackground().getFills());
        assertFalse(all.getFills().equals(cell(TOTAL - 2, Field.BYTES).getTableRow().getBackground().getFills()));
        assertEquals(List.of(TOTAL - 3), view.selectedRows());
    }

    /** The table's row cells, as objects: the rows it laid out and the spare ones it keeps. */
    private java.util.Set<Node> rowCells() {
        java.util.Set<Node> rows = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        rows.addAll(table().lookupAll(".table-row-cell"));
        return rows;
    }

    /**
     * A new result replaces a table scrolled deep into the old one: the rows already made show it (a
     * new row costs milliseconds of CSS; the table used to re-lay its rows from the end of the new
     * result and make a dozen new ones in one frame).
     */
    @Test
    void aNewResultAfterScrollingDeepReusesTheRowsOnScreen(FxRobot robot) throws Exception {
        started();
        ScrollBar bar = view.positionBar();
        robot.interact(() -> bar.setValue(bar.getMax() / 2));
        shown((long) (bar.getMax() / 2));
        java.util.Set<Node> before = rowCells();
        robot.interact(() -> vm.setFilter("dstport == 22"));
        waitFor("small result", () -> vm.matchingProperty().get() == SMALL);
        shown(0);
        assertEquals(0, view.firstVisibleRow());
        java.util.Set<Node> after = rowCells();
        after.removeAll(before);
        assertEquals(java.util.Set.of(), after, "rows made for the new result");
        // and a third result, smaller again, from the top of the second one
        robot.interact(() -> vm.sourcesProperty().set((f, sort, desc) -> new Synthetic(f.isEmpty() ? TOTAL : 40)));
        robot.interact(() -> vm.setFilter("dstport == 23"));
        waitFor("smaller result", () -> vm.matchingProperty().get() == 40);
        shown(0);
        after = rowCells();
        after.removeAll(before);
        assertEquals(java.util.Set.of(), after, "rows made for the third result");
    }

    private static final javafx.css.PseudoClass REJECT_ROW = javafx.css.PseudoClass.getPseudoClass("reject");

    /**
     * A row waiting for its record ("…") keeps the look it had: changing a row's pseudo-class makes
     * JavaFX match the CSS of the row and all its cells again, for every row of a jump. When the
     * records come, each row takes its own record's kind.
     */
    @Test
    void rowsKeepTheirKindWhileLoadingAndTakeTheirRecordsKindWhenItComes(FxRobot robot) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        long far = 700_000;
        robot.interact(() -> {
            vm.sourcesProperty().set((f, sort, desc) -> new Synthetic(TOTAL) {
                @Override
                public List<RowData> rows(long offset, int limit) {
                    if (offset + limit > far - 1000) { // the pages around the jump wait for the test
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return super.rows(offset, limit);
                }
            });
            vm.reload();
        });
        started();
        java.util.Map<Node, Boolean> kinds = new java.util.IdentityHashMap<>();
        for (long row = 0; row < 10; row++) {
            javafx.scene.control.TableRow<?> r = cell(row, Field.BYTES).getTableRow();
            kinds.put(r, r.getPseudoClassStates().contains(REJECT_ROW));
            assertEquals(row % 7 == 0, kinds.get(r), "row " + row);
        }
        robot.interact(() -> view.scrollToRow(far));
        waitFor("rows loading", () -> cell(far, Field.BYTES) != null && "…".equals(cell(far, Field.BYTES).getText()));
        int loading = 0;
        for (java.util.Map.Entry<Node, Boolean> e : kinds.entrySet()) {
            javafx.scene.control.TableRow<?> r = (javafx.scene.control.TableRow<?>) e.getKey();
            if (r.getItem() instanceof FlowRow fr && fr.record() == null) {
                loading++;
                assertEquals(e.getValue(), r.getPseudoClassStates().contains(REJECT_ROW), "loading row " + fr.index());
            }
        }
        assertTrue(loading >= 8, "rows loading: " + loading);
        release.countDown();
        shown(far);
        for (long row = far; row < far + 10; row++) {
            assertEquals(row % 7 == 0, cell(row, Field.BYTES).getTableRow().getPseudoClassStates().contains(REJECT_ROW),
                    "row " + row);
        }
    }

    @Test
    void aResultSmallerThanTheWindowIsAPlainTable(FxRobot robot) throws Exception {
        started();
        robot.interact(() -> vm.setFilter("dstport == 22"));
        waitFor("small result", () -> vm.matchingProperty().get() == SMALL);
        shown(0);
        assertFalse(view.positionBar().isVisible());
        assertTrue(ownBar().isVisible());
        assertEquals(1.0, ownBar().getOpacity());
        assertEquals(SMALL, table().getItems().size());
        robot.clickOn(cell(1, Field.BYTES));
        key(KeyCode.CONTROL, KeyCode.END);
        shown(SMALL - 1);
        key(KeyCode.END);
        waitFor("last row selected", () -> selectedBytes() == SMALL - 1);
    }
}
