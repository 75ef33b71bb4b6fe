package io.flowsleuth.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.app.table.Records;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's "selected rows" choice: the rows themselves, or every matching record when all are selected. */
class ExportViewModelTest {
    @TempDir
    Path dir;

    private final List<ExportRunner.Request> requests = new ArrayList<>();
    /** Records what it was asked to write and reports the rows a real export would write. */
    private final ExportRunner runner = (req, written, cancelled) -> {
        requests.add(req);
        long n = req.rows() != null ? req.rows().size() : 9_876_543;
        written.accept(n);
        return n;
    };

    private ExportViewModel vm(List<FlowRecord> selected, boolean all) {
        return new ExportViewModel(new CurrentThreadTaskExecutor(), runner, "dstport == 22", Field.START, false,
                9_876_543, selected, all, List.of(Field.DSTPORT, Field.BYTES), List.copyOf(Field.DEFAULT_V2));
    }

    @Test
    void withEveryMatchingRecordSelectedTheSelectedRowsAreTheWholeStreamingExport() {
        ExportViewModel vm = vm(List.of(), true);
        assertEquals(9_876_543, vm.selectedCount());
        vm.selectedOnlyProperty().set(true);
        vm.fileProperty().set(dir.resolve("all.csv").toString());
        assertTrue(vm.start());
        assertEquals(1, requests.size());
        assertNull(requests.get(0).rows()); // no list of rows: the store streams every matching record
        assertEquals("dstport == 22", requests.get(0).filter());
        assertTrue(vm.statusProperty().get().startsWith("Exported 9,876,543 records"), vm.statusProperty().get());
    }

    @Test
    void otherwiseTheSelectedRowsAreWrittenThemselves() {
        List<FlowRecord> two = List.of(Records.v2(Records.SSH_REJECT), Records.v2(Records.HTTPS_ACCEPT));
        ExportViewModel vm = vm(two, false);
        assertEquals(2, vm.selectedCount());
        assertFalse(vm.allSelected());
        vm.selectedOnlyProperty().set(true);
        vm.fileProperty().set(dir.resolve("two.csv").toString());
        assertTrue(vm.start());
        assertEquals(two, requests.get(0).rows());
        assertTrue(vm.statusProperty().get().startsWith("Exported 2 records"), vm.statusProperty().get());
    }

    @Test
    void whileTheCountIsStillRunningTheSelectionOfEveryRecordStillExportsThemAll() {
        List<String> progress = new ArrayList<>();
        ExportRunner slow = (req, written, cancelled) -> {
            requests.add(req);
            written.accept(4_096);
            return 152_309;
        };
        ExportViewModel vm = new ExportViewModel(new CurrentThreadTaskExecutor(), slow, "$ssh", Field.START, false,
                -1, List.of(), true, List.of(Field.DSTPORT), List.copyOf(Field.DEFAULT_V2));
        vm.statusProperty().addListener((o, a, b) -> progress.add(b));
        vm.selectedOnlyProperty().set(true);
        vm.fileProperty().set(dir.resolve("ssh.csv").toString());
        assertTrue(vm.start());
        assertNull(requests.get(0).rows());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("4,096 records written")), progress.toString());
        assertTrue(vm.statusProperty().get().startsWith("Exported 152,309 records"), vm.statusProperty().get());
    }
}
