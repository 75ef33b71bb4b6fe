package io.flowsleuth.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.FxTaskExecutor;
import io.flowsleuth.app.details.DetailsViewModel;
import io.flowsleuth.app.export.ExportRunner;
import io.flowsleuth.app.filterbar.FilterBarView;
import io.flowsleuth.app.table.FlowRow;
import io.flowsleuth.app.table.FlowTableView;
import io.flowsleuth.app.table.RowData;
import io.flowsleuth.app.table.RowSource;
import io.flowsleuth.app.table.RowSourceFactory;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.filter.ValueSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
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
 * The window over a real case whose counts are held back (as a count that scans ten million records
 * is): a filter's first rows are on screen with their values while the status bar says "counting…",
 * and the count then sizes the result.
 */
@ExtendWith(ApplicationExtension.class)
class FirstRowsFxTest {
    private static final int RECORDS = 1_000;
    private static final int HTTPS = 750; // three records in four go to 443
    @TempDir
    static Path dir;
    private static Path caseFile;

    private final CountDownLatch countsMayAnswer = new CountDownLatch(1);
    private MainViewModel vm;
    private MainWindow window;
    private FxTaskExecutor executor;

    @BeforeAll
    static void buildCase() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            lines.add(Fixture.line(i));
        }
        Path log = dir.resolve("thousand.log");
        Files.write(log, lines);
        caseFile = dir.resolve("thousand.mv.db");
        try (Case c = Case.open(caseFile)) {
            c.imports().importPaths(List.of(log), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
        }
    }

    /** The real services, with the count of any filter held until the test lets it answer. */
    private final class HeldCounts implements CaseServices {
        private final ServiceWiring real = new ServiceWiring();

        @Override
        public RowSourceFactory rows(Case c) {
            RowSourceFactory f = real.rows(c);
            return (filter, sort, desc) -> {
                RowSource src = f.open(filter, sort, desc);
                return new RowSource() {
                    @Override
                    public long count() throws Exception {
                        if (!filter.isEmpty()) {
                            countsMayAnswer.await(20, TimeUnit.SECONDS);
                        }
                        return src.count();
                    }

                    @Override
                    public List<RowData> rows(long offset, int limit) throws Exception {
                        return src.rows(offset, limit);
                    }
                };
            };
        }

        @Override
        public DetailsViewModel.Lookup details(Case c) {
            return real.details(c);
        }

        @Override
        public ValueSource values(Case c) {
            return real.values(c);
        }

        @Override
        public ExportRunner exports(Case c) {
            return real.exports(c);
        }
    }

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor(4);
        ThemeManager themes = new ThemeManager(AppPreferences.Theme.LIGHT);
        themes.apply();
        vm = new MainViewModel(executor, AppPreferences.inMemory(), new HeldCounts());
        window = new MainWindow(vm, themes);
        stage.setScene(window.createScene(1280, 720));
        window.attach(stage);
        stage.show();
        vm.openCase(caseFile);
    }

    @AfterEach
    void close() throws Exception {
        countsMayAnswer.countDown();
        WaitForAsyncUtils.asyncFx(() -> vm.closeCase()).get(5, TimeUnit.SECONDS);
        executor.shutdown();
        Thread.sleep(100);
    }

    private void waitFor(String what, BooleanSupplier condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new TimeoutException("waiting for " + what + "; matching " + vm.table().matchingProperty().get());
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The text of the on-screen cell of row {@code row} in column {@code f}, or null. */
    private String cell(FxRobot robot, int row, Field f) {
        TableView<FlowRow> t = robot.lookup("#" + FlowTableView.TABLE_ID).queryTableView();
        for (Node n : t.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && c.getTableColumn() != null && f == c.getTableColumn().getUserData()
                    && c.getIndex() == row && c.getText() != null && !c.getText().equals("…")) {
                return c.getText();
            }
        }
        return null;
    }

    @Test
    void aFiltersFirstRowsShowWhileItIsStillBeingCounted(FxRobot robot) throws Exception {
        waitFor("the case", () -> vm.currentCase() != null && vm.table().matchingProperty().get() == RECORDS);
        robot.clickOn("#" + FilterBarView.FIELD_ID);
        robot.interact(() -> window.filterBar().field().setText("dstport == 443"));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        // record 1 is the first to port 443 (time order): on screen before the count has answered
        waitFor("the first rows", () -> "40001".equals(cell(robot, 0, Field.SRCPORT)));
        assertEquals("443 (https)", cell(robot, 0, Field.DSTPORT));
        assertEquals("1001 B", cell(robot, 0, Field.BYTES));
        assertEquals(-1, vm.table().matchingProperty().get());
        Label matching = robot.lookup("#" + StatusBar.MATCHING_ID).queryAs(Label.class);
        assertEquals("counting…", matching.getText());
        assertEquals(200, vm.table().window().size()); // the first page, until the count sizes the result

        countsMayAnswer.countDown();
        waitFor("the count", () -> vm.table().matchingProperty().get() == HTTPS);
        assertEquals("750 matching (75.0%)", matching.getText());
        assertEquals(HTTPS, vm.table().window().size());
        assertEquals("40001", cell(robot, 0, Field.SRCPORT)); // the same rows, where they were
        assertEquals(HTTPS, vm.table().items().size());
    }
}
