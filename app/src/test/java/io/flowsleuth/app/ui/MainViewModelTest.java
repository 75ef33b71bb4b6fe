package io.flowsleuth.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.app.imports.ImportJob;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.SourceStatus;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's view model without the FX toolkit: a real case created and filled through the import
 * service with an inline executor, then filtering, sorting, the status-bar texts, the details of a
 * record and the import report with its skipped line.
 */
class MainViewModelTest {
    @TempDir
    Path dir;
    private MainViewModel vm;

    private MainViewModel create() {
        vm = new MainViewModel(new CurrentThreadTaskExecutor(), new AppPreferences(dir.resolve("prefs.properties")),
                new ServiceWiring());
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.shutdown();
        }
    }

    @Test
    void newCaseImportFilterSortAndDetails() throws Exception {
        Path log = Fixture.write(dir);
        create();
        vm.newCaseAndImport(dir.resolve("inv"), List.of(log));
        assertNotNull(vm.currentCase());
        assertEquals("inv — FlowSleuth", vm.titleProperty().get());
        ImportJob job = vm.imports().jobs().get(0);
        assertEquals(ImportJob.State.DONE, job.stateProperty().get());
        ImportReport r = job.reportProperty().get();
        assertEquals(Fixture.RECORDS, r.records());
        assertEquals(1, r.skipped());
        assertEquals(SourceStatus.COMPLETE, r.sources().get(0).status());
        assertEquals(102, r.sources().get(0).examples().get(0).line());
        assertEquals("200 records", vm.recordsTextProperty().get());
        assertEquals("no filter", vm.matchingTextProperty().get());
        assertTrue(vm.timeRangeTextProperty().get().startsWith("2024-06-03 08:00:00 UTC"), vm.timeRangeTextProperty().get());
        assertEquals(List.of(dir.resolve("inv.mv.db").toString()), vm.recentCases());

        assertTrue(vm.filterBar().apply("dstport == 22 and action == reject"));
        assertEquals(Fixture.SSH_REJECTED, vm.table().matchingProperty().get());
        assertEquals("25 matching (12.5%)", vm.matchingTextProperty().get());
        FlowRecord first = vm.table().items().get(0).record();
        assertEquals(22L, first.num(Field.DSTPORT));
        assertEquals("REJECT", first.text(Field.ACTION));

        vm.table().sortBy(Field.BYTES, true);
        assertEquals(1000L + 192, vm.table().items().get(0).record().num(Field.BYTES)); // record 192: last rejected ssh

        vm.table().selectedDataProperty().set(vm.table().items().get(0).data());
        vm.table().selectedProperty().set(vm.table().items().get(0).record());
        assertEquals(log + ":194", vm.details().sourceProperty().get()); // record 192 is line 194 (after the bad line)
        assertTrue(vm.details().fields().stream().anyMatch(d -> d.label().equals("dstport") && d.display().equals("22 (ssh)")));
        assertTrue(vm.details().conversation().stream().anyMatch(d -> d.display().contains("rejected")));

        assertFalse(vm.filterBar().apply("dsport == 22"));
        assertEquals(Fixture.SSH_REJECTED, vm.table().matchingProperty().get());
    }

    @Test
    void importingTheSameFileAgainAddsNothing() throws Exception {
        Path log = Fixture.write(dir);
        create();
        vm.newCaseAndImport(dir.resolve("again"), List.of(log));
        ImportJob second = vm.importPaths(List.of(log), ImportOptions.DEFAULT);
        assertEquals(0, second.reportProperty().get().records());
        assertEquals(SourceStatus.ALREADY_IMPORTED, second.reportProperty().get().sources().get(0).status());
        assertEquals("200 records", vm.recordsTextProperty().get());
    }

    @Test
    void aHeaderlessFileOfAnotherFormatAsksForItsFormat() throws Exception {
        Path odd = dir.resolve("custom.log");
        Files.write(odd, List.of(
                "5 eni-0a1b 10.0.1.5 10.0.2.9 443 51234 6 10 840 1717401600 1717401660 ACCEPT OK ingress",
                "5 eni-0a1b 10.0.2.9 10.0.1.5 51234 443 6 12 9000 1717401600 1717401660 ACCEPT OK egress"));
        create();
        vm.newCaseAndImport(dir.resolve("odd"), List.of(odd));
        ImportReport r = vm.imports().jobs().get(0).reportProperty().get();
        assertEquals(SourceStatus.FORMAT_MISMATCH, r.sources().get(0).status());
        assertEquals(0, r.records());
        ImportJob retry = vm.importPaths(List.of(odd), ImportOptions.withFormat("${version} ${interface-id} ${srcaddr} "
                + "${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} "
                + "${log-status} ${flow-direction}"));
        assertEquals(2, retry.reportProperty().get().records());
        assertEquals("2 records", vm.recordsTextProperty().get());
        assertTrue(vm.table().fields().contains(Field.FLOW_DIRECTION));
    }

    @Test
    void openingSomethingThatIsNotACaseSaysSoInOneSentence() throws Exception {
        create();
        vm.openCase(dir.resolve("missing.mv.db"));
        assertEquals(null, vm.currentCase());
        assertFalse(vm.errorProperty().get().isEmpty());
        assertFalse(vm.errorProperty().get().contains("Exception"), vm.errorProperty().get());
    }
}
