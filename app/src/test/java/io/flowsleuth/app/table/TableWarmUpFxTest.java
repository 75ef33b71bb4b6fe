package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.FxTaskExecutor;
import io.flowsleuth.model.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The table's warm-up: once the first rows are on screen it scrolls a hidden copy of the table
 * through copies of those rows, leaves the real table, its result and the store alone, and stops
 * at the user's first press or a new result.
 */
@ExtendWith(ApplicationExtension.class)
class TableWarmUpFxTest {
    private static final long TOTAL = 1_000_000;

    private FlowTableViewModel vm;
    private FlowTableView view;
    private FxTaskExecutor executor;
    private final List<String> opened = new ArrayList<>();

    @Start
    void start(Stage stage) {
        TableWarmUp.allowAgain();
        TableWarmUp.stepLimit = Integer.MAX_VALUE; // runs until stopped, so that the test sees it running
        TableWarmUp.timeLimitNanos = Long.MAX_VALUE;
        executor = new FxTaskExecutor(2);
        vm = new FlowTableViewModel(executor);
        view = FlowTableWindowFxTest.show(stage, vm, (f, sort, desc) -> {
            opened.add(f);
            return new FlowTableWindowFxTest.Synthetic(f.isEmpty() ? TOTAL : 500);
        });
        vm.reload();
    }

    @AfterEach
    void close() throws Exception {
        FlowTableWindowFxTest.release(vm, executor, () -> {
            if (view.warmUp() != null) {
                view.warmUp().end();
            }
        });
        TableWarmUp.allowAgain();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void awaitRunning(int steps) throws TimeoutException {
        FlowTableWindowFxTest.waitFor("the warm-up to run " + steps + " steps",
                () -> view.warmUp() != null && view.warmUp().steps() >= steps);
    }

    @Test
    void aHiddenCopyOfTheTableScrollsThroughCopiesOfTheFirstRowsWhileTheRealTableStays() throws Exception {
        long fetchesBefore = fx(() -> vm.items().fetchCount());
        awaitRunning(40);
        fx(() -> {
            TableWarmUp w = view.warmUp();
            FlowTableView twin = w.twin();
            assertFalse(w.ended());
            assertNull(twin.getScene().getWindow(), "the copy is never shown");
            assertEquals(TOTAL, twin.totalRows(), "as long a result as the real one");
            assertTrue(twin.firstVisibleRow() > 0, "the copy moved: " + twin.firstVisibleRow());
            // the copy's rows are the real first page's records, repeated
            int checked = 0;
            for (Node n : twin.table().lookupAll(".table-row-cell")) {
                @SuppressWarnings("unchecked")
                TableRow<FlowRow> row = (TableRow<FlowRow>) n;
                FlowRow item = row.getItem();
                if (row.isEmpty() || item == null || item.record() == null) {
                    continue;
                }
                int copyOf = (int) (item.index() % PagedRowList.DEFAULT_PAGE_SIZE);
                assertSame(vm.items().peek(copyOf), item.record(), "row " + item.index());
                for (Node c : row.lookupAll(".table-cell")) {
                    TableCell<?, ?> cell = (TableCell<?, ?>) c;
                    if (cell.getTableColumn().getUserData() == Field.BYTES) {
                        assertEquals(vm.formatProperty().get().display(item.record(), Field.BYTES), cell.getText());
                        assertEquals(String.valueOf(copyOf), cell.getText().replaceAll("[^0-9]", ""));
                        checked++;
                    }
                }
            }
            assertTrue(checked >= 3, "bytes cells checked: " + checked);
            // the real table did not move, and read nothing for the copy
            assertEquals(0, view.firstVisibleRow());
            assertEquals(0.0, view.positionBar().getValue());
            assertEquals(TOTAL, vm.matchingProperty().get());
            assertTrue(view.table().getSelectionModel().isEmpty());
            return null;
        });
        assertEquals(fetchesBefore, (long) fx(() -> vm.items().fetchCount()), "pages read from the store");
        assertEquals(List.of(""), opened.subList(0, 1));
        assertTrue(opened.stream().allMatch(String::isEmpty), "queries opened: " + opened);
    }

    @Test
    void theUsersFirstPressStopsItAndLetsGoOfTheCopy(FxRobot robot) throws Exception {
        awaitRunning(10);
        FlowTableView twin = fx(() -> view.warmUp().twin());
        robot.moveTo(view.table()).press(javafx.scene.input.MouseButton.PRIMARY)
                .release(javafx.scene.input.MouseButton.PRIMARY);
        FlowTableWindowFxTest.waitFor("the warm-up to end", () -> view.warmUp().ended());
        int steps = fx(() -> view.warmUp().steps());
        Thread.sleep(200);
        assertEquals(steps, (int) fx(() -> view.warmUp().steps()), "no step after the end");
        assertEquals(0L, (long) fx(twin::totalRows), "the copy's result is let go");
    }

    @Test
    void aNewResultStopsIt() throws Exception {
        awaitRunning(10);
        fx(() -> {
            vm.setFilter("dstport == 22");
            vm.reload();
            return null;
        });
        FlowTableWindowFxTest.waitFor("the warm-up to end", () -> view.warmUp().ended());
        assertTrue(fx(() -> view.warmUp().steps()) >= 10);
    }

    @Test
    void itRunsOncePerJvmAndNotWhenTurnedOff() throws Exception {
        awaitRunning(1);
        fx(() -> {
            assertFalse(TableWarmUp.claim(), "a second view does not warm up again");
            TableWarmUp.allowAgain();
            System.setProperty(TableWarmUp.PROPERTY, "false");
            try {
                assertFalse(TableWarmUp.claim());
            } finally {
                System.clearProperty(TableWarmUp.PROPERTY);
            }
            assertTrue(TableWarmUp.claim());
            return null;
        });
        assertNotNull(view.warmUp());
    }
}
