package io.flowsleuth.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.FxTaskExecutor;
import io.flowsleuth.app.filterbar.FilterBarView;
import io.flowsleuth.app.table.FlowRow;
import io.flowsleuth.app.table.FlowTableView;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench end to end, headless (Monocle): a real case built by importing a fixture through
 * the real ImportService, then filtering, an invalid filter, "Filter on this value", sorting by a
 * header and exporting, all through the window's controls.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFxTest {
    @TempDir
    static Path dir;
    private static Path caseFile;

    private MainViewModel vm;
    private MainWindow window;
    private FxTaskExecutor executor;

    @BeforeAll
    static void buildCase() throws Exception {
        Path log = Fixture.write(dir);
        caseFile = dir.resolve("fixture.mv.db");
        try (Case c = Case.open(caseFile)) {
            c.imports().importPaths(List.of(log), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
        }
    }

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor(2);
        ThemeManager themes = new ThemeManager(AppPreferences.Theme.LIGHT);
        themes.apply();
        vm = new MainViewModel(executor, AppPreferences.inMemory(), new ServiceWiring());
        window = new MainWindow(vm, themes);
        ServiceWiring.installExport(window, themes);
        stage.setScene(window.createScene(1280, 720));
        window.attach(stage);
        stage.show();
        vm.openCase(caseFile);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.closeCase()).get(5, TimeUnit.SECONDS);
        executor.shutdown();
        Thread.sleep(100);
    }

    private void waitFor(String what, BooleanSupplier condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new TimeoutException("waiting for " + what + "; message: " + vm.errorProperty().get() + "; table: "
                    + vm.table().errorProperty().get() + "; matching " + vm.table().matchingProperty().get()
                    + "; filter \"" + vm.filterBar().applied() + "\"; case " + vm.currentCase());
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableView<FlowRow> table(FxRobot robot) {
        return robot.lookup("#" + FlowTableView.TABLE_ID).queryTableView();
    }

    private String cell(FxRobot robot, int row, Field f) {
        TableView<FlowRow> t = table(robot);
        for (Node n : t.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                    && f == c.getTableColumn().getUserData() && c.getIndex() == row) {
                return c.getText();
            }
        }
        return null;
    }

    private void loaded(FxRobot robot) throws TimeoutException {
        waitFor("rows", () -> vm.table().matchingProperty().get() >= 0 && (vm.table().items().size() == 0
                || vm.table().items().peek(0) != null));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void typeFilter(FxRobot robot, String text) {
        robot.clickOn("#" + FilterBarView.FIELD_ID);
        robot.interact(() -> window.filterBar().field().setText(text));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
    }

    @Test
    void typingAFilterShowsTheMatchingCountAndRows(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        loaded(robot);
        assertEquals(Fixture.RECORDS, vm.table().matchingProperty().get());
        typeFilter(robot, "dstport == 22 and action == reject");
        waitFor("count", () -> vm.table().matchingProperty().get() == Fixture.SSH_REJECTED);
        loaded(robot);
        Label matching = robot.lookup("#" + StatusBar.MATCHING_ID).queryAs(Label.class);
        assertTrue(matching.getText().startsWith("25 matching"), matching.getText());
        assertEquals("22 (ssh)", cell(robot, 0, Field.DSTPORT));
        assertEquals("REJECT", cell(robot, 0, Field.ACTION));
        Label records = robot.lookup("#" + StatusBar.RECORDS_ID).queryAs(Label.class);
        assertEquals("200 records", records.getText());
    }

    @Test
    void recordsAppearInTheTableWhileAndAfterAnImportIntoANewCase(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        Path log = dir.resolve("second.log");
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(Fixture.line(i).replace("eni-0a1b2c3d", "eni-0fff0000"));
        }
        Files.write(log, lines);
        robot.interact(() -> vm.newCaseAndImport(dir.resolve("fresh-" + System.nanoTime()), List.of(log)));
        waitFor("rows", () -> table(robot).getItems().size() == 30 && vm.table().items().peek(0) != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("eni-0fff0000", cell(robot, 0, Field.INTERFACE_ID));
    }

    @Test
    void anInvalidFilterShowsItsErrorAndIsNotApplied(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        loaded(robot);
        typeFilter(robot, "dsport == 22");
        WaitForAsyncUtils.waitForFxEvents();
        Label msg = robot.lookup("#" + FilterBarView.MESSAGE_ID).queryAs(Label.class);
        assertTrue(msg.isVisible());
        assertTrue(msg.getText().contains("dsport") && msg.getText().contains("dstport"), msg.getText());
        assertTrue(window.filterBar().field().getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("invalid")));
        assertEquals("", vm.filterBar().applied());
        assertEquals(Fixture.RECORDS, vm.table().matchingProperty().get());
    }

    @Test
    void rightClickFilterOnThisValue(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        loaded(robot);
        // row 0 is record 0: port 22, rejected
        TableView<FlowRow> t = table(robot);
        Node target = null;
        for (Node n : t.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                    && c.getTableColumn().getUserData() == Field.DSTPORT && c.getIndex() == 0) {
                target = n;
            }
        }
        assertNotNull(target);
        robot.rightClickOn(target);
        robot.clickOn("Filter on this value");
        waitFor("filter", () -> "dstport == 22".equals(vm.filterBar().applied()));
        waitFor("count", () -> vm.table().matchingProperty().get() == Fixture.SSH);
        assertEquals("dstport == 22", window.filterBar().field().getText());
    }

    @Test
    void clickingAHeaderSortsInTheStore(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        loaded(robot);
        TableView<FlowRow> t = table(robot);
        TableColumn<FlowRow, ?> bytes = t.getColumns().stream().filter(c -> c.getUserData() == Field.BYTES)
                .findFirst().orElseThrow();
        Node header = robot.lookup("#" + bytes.getId()).query();
        robot.clickOn(header);
        waitFor("ascending", () -> vm.table().sortFieldProperty().get() == Field.BYTES
                && !vm.table().sortDescendingProperty().get());
        loaded(robot);
        assertEquals(1000L, vm.table().items().peek(0).num(Field.BYTES));
        robot.clickOn(header);
        waitFor("descending", () -> vm.table().sortDescendingProperty().get());
        loaded(robot);
        assertEquals(1000L + Fixture.RECORDS - 1, vm.table().items().peek(0).num(Field.BYTES));
    }

    @Test
    void exportTheFilteredViewAsCsv(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        loaded(robot);
        typeFilter(robot, "dstport == 22 and action == reject");
        waitFor("count", () -> vm.table().matchingProperty().get() == Fixture.SSH_REJECTED);
        Path out = dir.resolve("export-" + System.nanoTime() + ".csv");
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#exportFile").queryTextInputControl().setText(out.toString()));
        robot.interact(() -> robot.lookup("#exportAll").queryAs(javafx.scene.control.RadioButton.class).setSelected(true));
        robot.clickOn("Export");
        waitFor("written", () -> robot.lookup("#exportStatus").queryAs(Label.class).getText().startsWith("Exported"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(Fixture.SSH_REJECTED + 1, lines.size());
        List<Field> visible = window.tableView().currentLayout().entries().stream()
                .filter(e -> e.visible()).map(e -> e.field()).toList();
        assertEquals(String.join(",", visible.stream().map(Field::awsName).toList()), lines.get(0));
        // first exported record is record 0 of the fixture (import order), values raw as AWS writes them
        String[] first = Fixture.line(0).split(" ");
        StringBuilder expected = new StringBuilder();
        for (Field f : visible) {
            int idx = Field.DEFAULT_V2.indexOf(f);
            expected.append(expected.length() > 0 ? "," : "").append(first[idx]);
        }
        assertEquals(expected.toString(), lines.get(1));
        robot.clickOn("Close");
    }

    /** The CSV column of a field in a header line of AWS names. */
    private static int column(String header, Field f) {
        return List.of(header.split(",")).indexOf(f.awsName());
    }

    @Test
    void ctrlASelectsEveryMatchingRecordNotTheWindowAndCopyAndExportTakeThemAll(FxRobot robot) throws Exception {
        waitFor("case", () -> vm.currentCase() != null);
        loaded(robot);
        // the table holds 40 rows at a time: the 150 matching records are more than its window
        robot.interact(() -> vm.table().setWindowCapacity(40));
        typeFilter(robot, "dstport == 443");
        int https = Fixture.RECORDS - Fixture.SSH;
        waitFor("count", () -> vm.table().matchingProperty().get() == https);
        loaded(robot);
        assertEquals(40, table(robot).getItems().size());

        robot.clickOn(table(robot).lookup(".table-row-cell"));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.table().isAllSelected());
        assertTrue(table(robot).getPseudoClassStates().contains(FlowTableView.ALL_SELECTED)); // every row looks selected
        Label msg = robot.lookup("#statusMessage").queryAs(Label.class);
        assertEquals("All 150 matching records selected", msg.getText());

        // Ctrl+Shift+C: every matching row as CSV, read from the store in the background
        robot.interact(() -> javafx.scene.input.Clipboard.getSystemClipboard().clear());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("copied", () -> msg.getText().startsWith("Copied"));
        assertEquals("Copied all 150 matching rows as CSV.", msg.getText());
        String[] copied = WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS).split("\n");
        assertEquals(https + 1, copied.length);
        int port = column(copied[0], Field.DSTPORT);
        int bytes = column(copied[0], Field.BYTES);
        for (int i = 1; i < copied.length; i++) {
            assertEquals("443", copied[i].split(",")[port], copied[i]);
        }
        // in time order: the first is record 1 of the fixture, the last record 199 (bytes 1000 + i)
        assertEquals("1001", copied[1].split(",")[bytes]);
        assertEquals("1199", copied[https].split(",")[bytes]);
        assertTrue(vm.table().isAllSelected()); // copying keeps the selection

        // File > Export, "selected rows": every matching record through the streaming export
        Path out = dir.resolve("selected-" + System.nanoTime() + ".csv");
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.RadioButton sel = robot.lookup("#exportSelected").queryAs(javafx.scene.control.RadioButton.class);
        assertEquals("The 150 selected rows (every matching record)", sel.getText());
        robot.interact(() -> robot.lookup("#exportFile").queryTextInputControl().setText(out.toString()));
        robot.interact(() -> sel.setSelected(true));
        robot.clickOn("Export");
        waitFor("written", () -> robot.lookup("#exportStatus").queryAs(Label.class).getText().startsWith("Exported"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(https + 1, lines.size());
        assertEquals(copied[0], lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.split(",")[port].equals("443")));
        assertTrue(lines.contains(copied[https]), "the last matching record is exported");
        robot.clickOn("Close");
        WaitForAsyncUtils.waitForFxEvents();

        // a click on a row is a new selection: the selection of every record ends, and its message goes
        robot.clickOn(table(robot).lookup(".table-row-cell"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!vm.table().isAllSelected());
        assertTrue(!table(robot).getPseudoClassStates().contains(FlowTableView.ALL_SELECTED));
        assertEquals(1, table(robot).getSelectionModel().getSelectedIndices().size());
        assertTrue(!msg.getText().startsWith("All "), msg.getText());

        // Edit > Select All does the same; a new filter drops it
        robot.interact(() -> {
            for (javafx.scene.control.Menu m : ((javafx.scene.control.MenuBar) ((javafx.scene.layout.VBox) window.getTop())
                    .getChildren().get(0)).getMenus()) {
                for (javafx.scene.control.MenuItem i : m.getItems()) {
                    if ("menuSelectAll".equals(i.getId())) {
                        assertEquals("Ctrl+A", i.getAccelerator().getDisplayText());
                        i.fire();
                    }
                }
            }
        });
        assertTrue(vm.table().isAllSelected());
        assertEquals("All 150 matching records selected", msg.getText());
        typeFilter(robot, "dstport == 22");
        waitFor("count", () -> vm.table().matchingProperty().get() == Fixture.SSH);
        assertTrue(!vm.table().isAllSelected());
        assertEquals("", msg.getText()); // the sentence about the selection goes with it
        // Ctrl+A in the filter field selects its text, not the records
        robot.clickOn("#" + FilterBarView.FIELD_ID);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!vm.table().isAllSelected());
        assertEquals("dstport == 22", window.filterBar().field().getSelectedText());
    }
}
